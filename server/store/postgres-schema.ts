/**
 * PostgreSQL schema, one entry per version, each applied in its own transaction and recorded in
 * schema_migrations. Never edit a published entry; add the next one. Timestamps stay ISO 8601
 * text (as the Store interface passes them) so both engines read back exactly what was written.
 */
export const postgresMigrations: readonly string[] = [
  // 1: everything the SQLite schema reached at its version 11, in one step. `log_seq` on reviews is
  // the review log's counter: an append locks that row, so sequence numbers stay strictly
  // increasing in commit order whichever process writes.
  `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    is_admin BOOLEAN NOT NULL DEFAULT false,
    created_at TEXT NOT NULL,
    disabled_at TEXT
  );
  CREATE UNIQUE INDEX users_email ON users (lower(email));
  CREATE TABLE workspaces (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    sso_only BOOLEAN NOT NULL DEFAULT false
  );
  CREATE TABLE frameworks (
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    hash TEXT NOT NULL,
    body TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('built-in', 'upload')),
    created_at TEXT NOT NULL,
    workspace_id TEXT REFERENCES workspaces (id),
    uploaded_by TEXT,
    retired_at TEXT,
    change_note TEXT,
    PRIMARY KEY (id, version)
  );
  CREATE TABLE reviews (
    id TEXT PRIMARY KEY,
    workspace_id TEXT REFERENCES workspaces (id),
    title TEXT NOT NULL,
    framework_id TEXT NOT NULL,
    framework_version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    log_seq INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'moderation', 'final')),
    finalised_at TEXT,
    finalised_by TEXT,
    archived_at TEXT,
    deleted_at TEXT,
    deleted_by TEXT,
    -- An upload moved off a built-in id takes the reviews made from it along.
    FOREIGN KEY (framework_id, framework_version) REFERENCES frameworks (id, version) ON UPDATE CASCADE
  );
  CREATE INDEX reviews_by_workspace ON reviews (workspace_id, id);
  CREATE TABLE review_snapshots (
    review_id TEXT PRIMARY KEY REFERENCES reviews (id) ON DELETE CASCADE,
    upto_seq INTEGER NOT NULL,
    data BYTEA NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE review_updates (
    review_id TEXT NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    data BYTEA NOT NULL,
    created_at TEXT NOT NULL,
    user_id TEXT,
    PRIMARY KEY (review_id, seq)
  );
  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );
  CREATE INDEX sessions_by_user ON sessions (user_id);
  CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
  );
  CREATE TABLE workspace_members (
    workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('owner', 'member')),
    PRIMARY KEY (workspace_id, user_id)
  );
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
    pos BIGINT GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (review_id, user_id)
  );
  CREATE INDEX review_members_by_user ON review_members (user_id);
  CREATE TABLE review_history (
    review_id TEXT NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    pos BIGINT GENERATED ALWAYS AS IDENTITY,
    at TEXT NOT NULL,
    user_id TEXT,
    user_name TEXT,
    criterion TEXT,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL
  );
  CREATE INDEX review_history_by_criterion ON review_history (review_id, criterion, seq);
  CREATE INDEX review_history_by_seq ON review_history (review_id, seq);
  CREATE TABLE meeting_rounds (
    id TEXT PRIMARY KEY,
    review_id TEXT NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    pos BIGINT GENERATED ALWAYS AS IDENTITY,
    criterion TEXT NOT NULL,
    phase TEXT NOT NULL,
    track TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'revealed', 'closed')),
    auto_reveal BOOLEAN NOT NULL,
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
  CREATE TABLE review_removals (
    review_id TEXT NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    removed_at TEXT NOT NULL,
    PRIMARY KEY (review_id, user_id)
  );
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
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at TEXT NOT NULL,
    actor_id TEXT,
    actor_name TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT,
    detail TEXT NOT NULL
  );
  -- A disabled account gets no new session or API token, whichever code path asks for one.
  CREATE FUNCTION refuse_disabled_account() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF (SELECT disabled_at FROM users WHERE id = NEW.user_id) IS NOT NULL THEN
      RAISE EXCEPTION 'account disabled';
    END IF;
    RETURN NEW;
  END $$;
  CREATE TRIGGER sessions_refuse_disabled BEFORE INSERT ON sessions
    FOR EACH ROW EXECUTE FUNCTION refuse_disabled_account();
  CREATE TRIGGER api_tokens_refuse_disabled BEFORE INSERT ON api_tokens
    FOR EACH ROW EXECUTE FUNCTION refuse_disabled_account();
  CREATE TABLE oidc_identities (
    issuer TEXT NOT NULL,
    subject TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    linked_at TEXT NOT NULL,
    PRIMARY KEY (issuer, subject)
  );
  CREATE INDEX oidc_identities_by_user ON oidc_identities (user_id);
  CREATE TABLE review_sign_offs (
    review_id TEXT NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    user_name TEXT NOT NULL,
    at TEXT NOT NULL,
    pos BIGINT GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (review_id, user_id)
  );
  CREATE TABLE review_frozen (
    id TEXT PRIMARY KEY,
    review_id TEXT NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    pos BIGINT GENERATED ALWAYS AS IDENTITY,
    label TEXT NOT NULL,
    state BYTEA NOT NULL,
    summary TEXT NOT NULL,
    meta TEXT NOT NULL,
    created_by TEXT,
    created_by_name TEXT,
    created_at TEXT NOT NULL
  );
  CREATE INDEX review_frozen_by_review ON review_frozen (review_id, created_at);
  -- A snapshot is what was agreed at a point: nothing may change it (deleting the review removes it).
  CREATE FUNCTION refuse_frozen_update() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    RAISE EXCEPTION 'snapshots are immutable';
  END $$;
  CREATE TRIGGER review_frozen_immutable BEFORE UPDATE ON review_frozen
    FOR EACH ROW EXECUTE FUNCTION refuse_frozen_update();
  CREATE TABLE review_chain (
    review_id TEXT PRIMARY KEY REFERENCES reviews (id) ON DELETE CASCADE,
    previous_review_id TEXT REFERENCES reviews (id) ON DELETE SET NULL,
    carried_focus BOOLEAN NOT NULL,
    created_at TEXT NOT NULL,
    pos BIGINT GENERATED ALWAYS AS IDENTITY
  );
  CREATE INDEX review_chain_by_previous ON review_chain (previous_review_id);
  CREATE TABLE review_summaries (
    review_id TEXT PRIMARY KEY REFERENCES reviews (id) ON DELETE CASCADE,
    upto_seq INTEGER NOT NULL,
    data TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  `,
  // 2: the review log's counter on a small row of its own. Every append from every process locks
  // the counter until its commit is flushed; on the review's row that lock also held back status
  // changes, renames and member grants (and they held back appends). `edited_at` is the last
  // append's time, which readers take as the review's updated_at when it is later. Few columns
  // and free room on each page, so the constant updates stay heap-only (no index writes).
  `
  CREATE TABLE review_log_heads (
    review_id TEXT PRIMARY KEY REFERENCES reviews (id) ON DELETE CASCADE,
    log_seq INTEGER NOT NULL DEFAULT 0,
    edited_at TEXT
  ) WITH (fillfactor = 50);
  INSERT INTO review_log_heads (review_id, log_seq) SELECT id, log_seq FROM reviews;
  ALTER TABLE reviews DROP COLUMN log_seq;
  `,
];
