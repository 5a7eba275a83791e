// Administration from the shell: `npm run admin -- <command> [options]`. See README "Accounts".
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AccountError, createApiToken, createUser } from '../auth/accounts.ts';
import { newId } from '../auth/tokens.ts';
import { configFromEnv } from '../config.ts';
import type { AuditAction, AuditEntry } from '../store/admin-types.ts';
import { openStore } from '../store/open.ts';

const usage = `Usage: npm run admin -- <command> [options]

  create-user --email E --name N [--admin] [--workspace W]
      Create an account. The password comes from BESTFIT_PASSWORD, --password, or standard input.
      --workspace adds the user to that workspace, creating it (with them as owner) if new.
  create-token --email E [--label L]
      Mint an API token for scripts (printed once; only its hash is stored).
  add-to-workspace --email E --workspace W [--owner]
      Let an existing user create reviews in a workspace.

Data folder: DATA_DIR (default ./data).`;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    email: { type: 'string' },
    name: { type: 'string' },
    password: { type: 'string' },
    admin: { type: 'boolean', default: false },
    workspace: { type: 'string' },
    label: { type: 'string', default: 'script' },
    owner: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
const command = positionals[0];
if (values.help || !command) {
  console.log(usage);
  process.exit(command ? 0 : 2);
}

const config = configFromEnv();
const store = await openStore(config);
const access = store.access;

/** An audit entry for a change made from the shell, where there is no signed-in person. */
const shell = (action: AuditAction, subject: string, detail: string): AuditEntry => ({
  at: new Date().toISOString(),
  actorId: null,
  actorName: 'the shell (npm run admin)',
  action,
  subject,
  detail,
});

async function userOrFail(email: string | undefined) {
  if (!email) fail('--email is required');
  return (await access.userByEmail(email)) ?? fail(`no account with email ${email}`);
}

try {
  switch (command) {
    case 'create-user': {
      if (!values.email || !values.name) fail('create-user needs --email and --name');
      const password = process.env.BESTFIT_PASSWORD ?? values.password ?? readFileSync(0, 'utf8').split('\n')[0] ?? '';
      const first = (await access.countUsers()) === 0;
      const user = await createUser(access, {
        email: values.email,
        name: values.name,
        password,
        // The first account on a fresh install administers it.
        isAdmin: values.admin || first,
        workspace: values.workspace ?? (first ? 'Default workspace' : undefined),
      });
      console.log(`created ${user.isAdmin ? 'administrator' : 'user'} ${user.email} (${user.id})`);
      break;
    }
    case 'create-token': {
      const user = await userOrFail(values.email);
      console.log(await createApiToken(access, user.id, values.label));
      break;
    }
    case 'add-to-workspace': {
      const user = await userOrFail(values.email);
      const name = values.workspace ?? fail('--workspace is required');
      const existing = await access.workspaceByName(name);
      const id = existing?.id ?? newId();
      // Recorded in the audit trail as the Administration page's changes are.
      if (!existing)
        await store.admin.createWorkspace(id, name, shell('workspace.create', id, `created workspace "${name}"`));
      const role = values.owner || !existing ? 'owner' : 'member';
      const detail = `added ${user.name} (${user.email}) to workspace "${name}" as ${role}`;
      await store.admin.setWorkspaceMember(id, user.id, role, shell('workspace.member.set', id, detail));
      console.log(`${user.email} can now create reviews in "${name}"`);
      break;
    }
    default:
      fail(`unknown command "${command}"\n\n${usage}`);
  }
} catch (error) {
  if (error instanceof AccountError) fail(error.message);
  throw error;
} finally {
  await store.close();
}
