/**
 * SQLite schema, one entry per version, applied in order inside one transaction each and
 * recorded in PRAGMA user_version. Never edit a published entry; add the next one.
 */
export const sqliteMigrations: readonly string[] = [
  // 1: reviews, their update log and snapshots, framework versions.
  `
  CREATE TABLE frameworks (
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    hash TEXT NOT NULL,
    body TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('built-in', 'upload')),
    created_at TEXT NOT NULL,
    PRIMARY KEY (id, version)
  );
  CREATE TABLE reviews (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    framework_id TEXT NOT NULL,
    framework_version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    FOREIGN KEY (framework_id, framework_version) REFERENCES frameworks (id, version)
  );
  CREATE TABLE review_snapshots (
    review_id TEXT PRIMARY KEY REFERENCES reviews (id) ON DELETE CASCADE,
    upto_seq INTEGER NOT NULL,
    data BLOB NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE review_updates (
    review_id TEXT NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    data BLOB NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (review_id, seq)
  ) WITHOUT ROWID;
  `,
  // 2: accounts, sessions, API tokens, workspaces, per-review roles, invite links; updates attributed.
  `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    is_admin INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
  );
  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );
  CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
  );
  CREATE TABLE workspaces (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE workspace_members (
    workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('owner', 'member')),
    PRIMARY KEY (workspace_id, user_id)
  );
  ALTER TABLE reviews ADD COLUMN workspace_id TEXT REFERENCES workspaces (id);
  CREATE TABLE invites (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    review_id TEXT NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('facilitator', 'editor', 'observer')),
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT
  );
  CREATE TABLE review_members (
    review_id TEXT NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('facilitator', 'editor', 'observer')),
    invite_id TEXT REFERENCES invites (id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (review_id, user_id)
  );
  ALTER TABLE review_updates ADD COLUMN user_id TEXT;
  `,
  // 3: who changed what, per criterion, kept apart from the update log so compaction keeps it.
  `
  CREATE TABLE review_history (
    review_id TEXT NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    at TEXT NOT NULL,
    user_id TEXT,
    user_name TEXT,
    criterion TEXT,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL
  );
  CREATE INDEX review_history_by_criterion ON review_history (review_id, criterion, seq);
  `,
  // 4: silent rating rounds; votes stay here, never in the shared document, until the reveal.
  `
  CREATE TABLE meeting_rounds (
    id TEXT PRIMARY KEY,
    review_id TEXT NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    criterion TEXT NOT NULL,
    phase TEXT NOT NULL,
    track TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'revealed', 'closed')),
    auto_reveal INTEGER NOT NULL,
    opened_by TEXT NOT NULL,
    opened_at TEXT NOT NULL,
    revealed_at TEXT,
    closed_at TEXT,
    agreed TEXT
  );
  CREATE INDEX meeting_rounds_by_review ON meeting_rounds (review_id, opened_at);
  CREATE TABLE meeting_votes (
    round_id TEXT NOT NULL REFERENCES meeting_rounds (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    user_name TEXT NOT NULL,
    level TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (round_id, user_id)
  );
  `,
  // 5: removals remembered, so an invite link made before someone was removed cannot bring them back.
  `
  CREATE TABLE review_removals (
    review_id TEXT NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    removed_at TEXT NOT NULL,
    PRIMARY KEY (review_id, user_id)
  );
  `,
  // 6: administration: disabled accounts, password-reset links (hashes only), the audit trail.
  `
  ALTER TABLE users ADD COLUMN disabled_at TEXT;
  CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_by TEXT,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
  );
  CREATE INDEX password_resets_by_user ON password_resets (user_id);
  CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor_id TEXT,
    actor_name TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT,
    detail TEXT NOT NULL
  );
  -- A disabled account gets no new session or API token, whichever code path asks for one.
  CREATE TRIGGER sessions_refuse_disabled BEFORE INSERT ON sessions
  WHEN (SELECT disabled_at FROM users WHERE id = NEW.user_id) IS NOT NULL
  BEGIN SELECT RAISE(ABORT, 'account disabled'); END;
  CREATE TRIGGER api_tokens_refuse_disabled BEFORE INSERT ON api_tokens
  WHEN (SELECT disabled_at FROM users WHERE id = NEW.user_id) IS NOT NULL
  BEGIN SELECT RAISE(ABORT, 'account disabled'); END;
  `,
  // 7: uploaded frameworks belong to the whole install (workspace_id NULL) or to one workspace; retiring hides them from new reviews.
  `
  ALTER TABLE frameworks ADD COLUMN workspace_id TEXT REFERENCES workspaces (id);
  ALTER TABLE frameworks ADD COLUMN uploaded_by TEXT;
  ALTER TABLE frameworks ADD COLUMN retired_at TEXT;
  `,
  // 8: sign-in with an identity provider: each (issuer, subject) linked to one account; SSO-only workspaces.
  `
  CREATE TABLE oidc_identities (
    issuer TEXT NOT NULL,
    subject TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    linked_at TEXT NOT NULL,
    PRIMARY KEY (issuer, subject)
  );
  CREATE INDEX oidc_identities_by_user ON oidc_identities (user_id);
  ALTER TABLE workspaces ADD COLUMN sso_only INTEGER NOT NULL DEFAULT 0;
  `,
  // 9: the judgement record: status (draft, in moderation, final) with sign-offs, archiving, soft deletion.
  `
  ALTER TABLE reviews ADD COLUMN status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'moderation', 'final'));
  ALTER TABLE reviews ADD COLUMN finalised_at TEXT;
  ALTER TABLE reviews ADD COLUMN finalised_by TEXT;
  ALTER TABLE reviews ADD COLUMN archived_at TEXT;
  ALTER TABLE reviews ADD COLUMN deleted_at TEXT;
  ALTER TABLE reviews ADD COLUMN deleted_by TEXT;
  CREATE TABLE review_sign_offs (
    review_id TEXT NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    user_name TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (review_id, user_id)
  );
  `,
  // 10: terms and snapshots: frozen review states (apart from review_snapshots, the update log's
  // compaction checkpoint), reviews linked in a chain, and a small per-review summary of ratings
  // kept up to date by the live room, so the workspace overview never decodes a review.
  `
  CREATE TABLE review_frozen (
    id TEXT PRIMARY KEY,
    review_id TEXT NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    state BLOB NOT NULL,
    summary TEXT NOT NULL,
    meta TEXT NOT NULL,
    created_by TEXT,
    created_by_name TEXT,
    created_at TEXT NOT NULL
  );
  CREATE INDEX review_frozen_by_review ON review_frozen (review_id, created_at);
  -- A snapshot is what was agreed at a point: nothing may change it (deleting the review removes it).
  CREATE TRIGGER review_frozen_immutable BEFORE UPDATE ON review_frozen
  BEGIN SELECT RAISE(ABORT, 'snapshots are immutable'); END;
  CREATE TABLE review_chain (
    review_id TEXT PRIMARY KEY REFERENCES reviews (id) ON DELETE CASCADE,
    previous_review_id TEXT REFERENCES reviews (id) ON DELETE SET NULL,
    carried_focus INTEGER NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX review_chain_by_previous ON review_chain (previous_review_id);
  CREATE TABLE review_summaries (
    review_id TEXT PRIMARY KEY REFERENCES reviews (id) ON DELETE CASCADE,
    upto_seq INTEGER NOT NULL,
    data TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  `,
  // 11: a framework version saved from the editor carries the note of what changed.
  `
  ALTER TABLE frameworks ADD COLUMN change_note TEXT;
  `,
];
