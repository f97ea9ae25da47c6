package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"newsbridge/model"
)

// migrations is append-only: never edit a released entry, add a new one.
// {{id}}, {{blob}} and {{bytewise}} (a text column's byte-order collation,
// SQLite's default) are the only dialect-specific words.
var migrations = []string{
	// 1: the whole first schema.
	`
CREATE TABLE sources (
	id {{id}},
	name TEXT NOT NULL,
	feed_url TEXT NOT NULL UNIQUE,
	site_url TEXT NOT NULL DEFAULT '',
	language TEXT NOT NULL DEFAULT '',
	enabled INTEGER NOT NULL DEFAULT 1,
	interval_sec BIGINT NOT NULL DEFAULT 900,
	next_check_at BIGINT NOT NULL DEFAULT 0,
	last_checked_at BIGINT NOT NULL DEFAULT 0,
	etag TEXT NOT NULL DEFAULT '',
	last_modified TEXT NOT NULL DEFAULT '',
	last_error TEXT NOT NULL DEFAULT '',
	error_count INTEGER NOT NULL DEFAULT 0,
	created_at BIGINT NOT NULL
);
CREATE TABLE articles (
	id {{id}},
	source_id BIGINT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
	url TEXT NOT NULL UNIQUE,
	slug TEXT NOT NULL DEFAULT '',
	title TEXT NOT NULL DEFAULT '',
	lead TEXT NOT NULL DEFAULT '',
	byline TEXT NOT NULL DEFAULT '',
	published_at BIGINT NOT NULL DEFAULT 0,
	updated_src_at BIGINT NOT NULL DEFAULT 0,
	language TEXT NOT NULL DEFAULT '',
	category TEXT NOT NULL DEFAULT '',
	category_slug TEXT NOT NULL DEFAULT '',
	body_text TEXT NOT NULL DEFAULT '',
	blocks TEXT NOT NULL DEFAULT '[]',
	image TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL DEFAULT 'new',
	error TEXT NOT NULL DEFAULT '',
	raw_html {{blob}},
	raw_content_type TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX articles_source ON articles(source_id);
CREATE TABLE translations (
	article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	lang TEXT NOT NULL,
	title TEXT NOT NULL DEFAULT '',
	lead TEXT NOT NULL DEFAULT '',
	byline TEXT NOT NULL DEFAULT '',
	category TEXT NOT NULL DEFAULT '',
	blocks TEXT NOT NULL DEFAULT '[]',
	segments TEXT NOT NULL DEFAULT '[]',
	flags TEXT NOT NULL DEFAULT '[]',
	flag_count INTEGER NOT NULL DEFAULT 0,
	route TEXT NOT NULL DEFAULT '',
	engine TEXT NOT NULL DEFAULT '',
	glossary_version BIGINT NOT NULL DEFAULT 0,
	stale INTEGER NOT NULL DEFAULT 0,
	error TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	PRIMARY KEY (article_id, lang)
);
CREATE TABLE publications (
	article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	lang TEXT NOT NULL,
	published_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	PRIMARY KEY (article_id, lang)
);
CREATE INDEX publications_lang ON publications(lang, published_at);
CREATE TABLE memory (
	from_lang TEXT NOT NULL,
	to_lang TEXT NOT NULL,
	glossary_version BIGINT NOT NULL,
	origin TEXT NOT NULL,
	key TEXT NOT NULL,
	source TEXT NOT NULL,
	target TEXT NOT NULL,
	engine TEXT NOT NULL DEFAULT '',
	engine_version TEXT NOT NULL DEFAULT '',
	route TEXT NOT NULL DEFAULT '',
	editor TEXT NOT NULL DEFAULT '',
	hits BIGINT NOT NULL DEFAULT 0,
	created_at BIGINT NOT NULL,
	PRIMARY KEY (from_lang, to_lang, key, origin, glossary_version)
);
CREATE TABLE glossary_terms (
	id {{id}},
	source_lang TEXT NOT NULL,
	term TEXT NOT NULL,
	kind TEXT NOT NULL DEFAULT 'term',
	created_at BIGINT NOT NULL,
	UNIQUE (source_lang, term)
);
CREATE TABLE glossary_renderings (
	term_id BIGINT NOT NULL REFERENCES glossary_terms(id) ON DELETE CASCADE,
	lang TEXT NOT NULL,
	rendering TEXT NOT NULL,
	PRIMARY KEY (term_id, lang)
);
CREATE TABLE comments (
	id {{id}},
	article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	lang TEXT NOT NULL,
	author TEXT NOT NULL,
	body TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'pending',
	ip_hash TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL
);
CREATE INDEX comments_article ON comments(article_id, lang, status);
CREATE TABLE engine_usage (
	engine TEXT NOT NULL,
	day TEXT NOT NULL,
	chars BIGINT NOT NULL DEFAULT 0,
	segments BIGINT NOT NULL DEFAULT 0,
	memory_hits BIGINT NOT NULL DEFAULT 0,
	requests BIGINT NOT NULL DEFAULT 0,
	errors BIGINT NOT NULL DEFAULT 0,
	PRIMARY KEY (engine, day)
);
CREATE TABLE users (
	id {{id}},
	name TEXT NOT NULL UNIQUE,
	role TEXT NOT NULL DEFAULT 'editor',
	password_hash TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL
);
CREATE TABLE settings (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
INSERT INTO settings (key, value) VALUES ('glossary_version', '1');
`,
	// 2: the operator's listings filter articles by status and translations by flags.
	`
CREATE INDEX articles_status ON articles(status);
CREATE INDEX translations_flagged ON translations(flag_count);
`,
	// 3: comment limits are counted in the database (per address, and the
	// pending queue as a whole), and raw HTML is kept only until extraction.
	`
CREATE INDEX comments_ip ON comments(ip_hash, created_at);
CREATE INDEX comments_status ON comments(status);
UPDATE articles SET raw_html = NULL, raw_content_type = '' WHERE status IN ('extracted', 'failed');
`,
	// 4: the editors' workspace. A user has an API token (its hash, moved
	// out of password_hash, which had held it) and a password (argon2id);
	// sessions and failed sign-ins live in the database so that every
	// process sees them; every change is audited. Translations get a state
	// (flagged ones need review), a severity for the review queue, a
	// revision for stale-edit detection and a proposal kept beside an
	// approved translation. Severity starts as the flag count; a
	// re-translation or an edit stores the weighted one.
	`
ALTER TABLE users ADD COLUMN token_hash TEXT NOT NULL DEFAULT '';
UPDATE users SET token_hash = password_hash, password_hash = '';
CREATE INDEX users_token ON users(token_hash);
CREATE TABLE sessions (
	id_hash TEXT PRIMARY KEY,
	user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	created_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE TABLE auth_failures (
	scope TEXT NOT NULL,
	subject TEXT NOT NULL,
	at BIGINT NOT NULL
);
CREATE INDEX auth_failures_subject ON auth_failures(scope, subject, at);
CREATE TABLE audit_log (
	id {{id}},
	at BIGINT NOT NULL,
	actor TEXT NOT NULL,
	action TEXT NOT NULL,
	object TEXT NOT NULL,
	before_json TEXT NOT NULL DEFAULT '',
	after_json TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_actor ON audit_log(actor, id);
ALTER TABLE translations ADD COLUMN state TEXT NOT NULL DEFAULT 'translated';
ALTER TABLE translations ADD COLUMN severity INTEGER NOT NULL DEFAULT 0;
ALTER TABLE translations ADD COLUMN revision BIGINT NOT NULL DEFAULT 1;
ALTER TABLE translations ADD COLUMN approved_by TEXT NOT NULL DEFAULT '';
ALTER TABLE translations ADD COLUMN proposed TEXT NOT NULL DEFAULT '';
UPDATE translations SET state = 'needs_review', severity = flag_count WHERE flag_count > 0;
CREATE INDEX translations_review ON translations(state, lang, severity, updated_at);
`,
	// 5: webhooks: URLs an admin registered for events, with the secret
	// that signs their deliveries and the last delivery's outcome.
	`
CREATE TABLE webhooks (
	id {{id}},
	url TEXT NOT NULL,
	events TEXT NOT NULL,
	secret TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	last_attempt_at BIGINT NOT NULL DEFAULT 0,
	last_status INTEGER NOT NULL DEFAULT 0,
	last_error TEXT NOT NULL DEFAULT '',
	last_success_at BIGINT NOT NULL DEFAULT 0,
	deliveries BIGINT NOT NULL DEFAULT 0,
	failures BIGINT NOT NULL DEFAULT 0
);
`,
	// 6: the review queue is read in its own order from a partial index of
	// the translations needing attention (failed first, then severity, then
	// the most recent), so its first page and its counts never scan the
	// translations' bodies. The expressions match ReviewFilter.where and
	// ReviewQueue's ORDER BY word for word: that is how both databases
	// choose the index.
	`
CREATE INDEX translations_queue ON translations((CASE WHEN error <> '' THEN 1 ELSE 0 END) DESC, severity DESC, updated_at DESC, article_id) WHERE state = 'needs_review' OR error <> '';
CREATE INDEX translations_queue_lang ON translations(lang) WHERE state = 'needs_review' OR error <> '';
`,
	// 7: images served from our origin. article_images is each picture an
	// article names (its main image, its figures) and what became of it;
	// media holds the processed files by name (HASH-WIDTH.EXT), in the
	// database so that every web node serves them and a backup has them.
	`
CREATE TABLE article_images (
	article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	url TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'pending',
	error TEXT NOT NULL DEFAULT '',
	hash TEXT NOT NULL DEFAULT '',
	ext TEXT NOT NULL DEFAULT '',
	width INTEGER NOT NULL DEFAULT 0,
	height INTEGER NOT NULL DEFAULT 0,
	widths TEXT NOT NULL DEFAULT '',
	updated_at BIGINT NOT NULL,
	PRIMARY KEY (article_id, url)
);
CREATE INDEX article_images_url ON article_images(url, status);
CREATE TABLE media (
	name TEXT PRIMARY KEY,
	content_type TEXT NOT NULL,
	data {{blob}} NOT NULL,
	created_at BIGINT NOT NULL
);
`,
	// 8: the platform's sections and the articles' authors. An article
	// carries the section its outlet's category maps to (per source in
	// source_sections, category_slug '' being the source's default; the
	// sections themselves are configured); its byline is split into
	// authors, one row per person across articles. Existing articles get
	// both when a process next starts (Store.ApplySections). An outlet's
	// old category URL is looked up by category_slug to redirect it.
	`
ALTER TABLE articles ADD COLUMN section TEXT NOT NULL DEFAULT '';
CREATE INDEX articles_section ON articles(section);
CREATE INDEX articles_category ON articles(category_slug);
CREATE TABLE source_sections (
	source_id BIGINT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
	category_slug TEXT NOT NULL,
	section TEXT NOT NULL,
	PRIMARY KEY (source_id, category_slug)
);
CREATE TABLE authors (
	id {{id}},
	slug TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	created_at BIGINT NOT NULL
);
CREATE TABLE article_authors (
	article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	author_id BIGINT NOT NULL REFERENCES authors(id) ON DELETE CASCADE,
	position INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (article_id, author_id)
);
CREATE INDEX article_authors_author ON article_authors(author_id);
`,
	// 9: slugs in the reader's language. Each publication has its own slug
	// (the source slug in the article's language, the translated title's
	// elsewhere; filled by Migrate for the rows already there), and every
	// slug an article had in a language is kept to redirect from ('' lang:
	// an earlier source slug, valid in every language).
	`
ALTER TABLE publications ADD COLUMN slug TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX publications_slug ON publications(lang, slug) WHERE slug <> '';
CREATE TABLE slug_history (
	lang TEXT NOT NULL,
	slug TEXT NOT NULL,
	article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	replaced_at BIGINT NOT NULL,
	PRIMARY KEY (lang, slug)
);
CREATE INDEX slug_history_article ON slug_history(article_id, slug);
`,
	// 10: the audit log is read by object prefix (a translation's segment
	// history, the audit screen's object filter) as a range of the object
	// in byte order, from this index.
	`
CREATE INDEX audit_log_object ON audit_log(object{{bytewise}}, id);
`,
	// 11: a glossary term has a mode: exact (its rendering forced), keep
	// (do-not-translate) or forbidden (renderings that must not be used).
	// Terms of the old kind do-not-translate get the keep mode.
	`
ALTER TABLE glossary_terms ADD COLUMN mode TEXT NOT NULL DEFAULT 'exact';
UPDATE glossary_terms SET mode = 'do-not-translate' WHERE kind = 'do-not-translate';
`,
}

// SchemaVersion is the version this binary expects.
func SchemaVersion() int { return len(migrations) }

func (s *Store) ddl(sqlText string) string {
	r := strings.NewReplacer("{{id}}", "INTEGER PRIMARY KEY AUTOINCREMENT", "{{blob}}", "BLOB", "{{bytewise}}", "")
	if s.Dialect == Postgres {
		r = strings.NewReplacer("{{id}}", "BIGSERIAL PRIMARY KEY", "{{blob}}", "BYTEA", "{{bytewise}}", ` COLLATE "C"`)
	}
	return r.Replace(sqlText)
}

// Version returns the schema version of the database (0 for a new one).
func (s *Store) Version(ctx context.Context) (int, error) { return s.version(ctx, s.DB) }

func (s *Store) version(ctx context.Context, db querier) (int, error) {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
		return 0, fmt.Errorf("store: unable to read schema version: %w", err)
	}
	var v sql.NullInt64
	if err := db.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_version`).Scan(&v); err != nil {
		return 0, fmt.Errorf("store: unable to read schema version: %w", err)
	}
	return int(v.Int64), nil
}

// Migrate applies the pending migrations, one transaction each, then gives
// the publications written before slugs were per language their own.
func (s *Store) Migrate(ctx context.Context) error {
	if err := s.migrateTo(ctx, len(migrations)); err != nil {
		return err
	}
	return s.fillSlugs(ctx)
}

// migrationLock is the key of the PostgreSQL advisory lock that migrations
// hold ("newsbridge" in ASCII, trimmed to 63 bits).
const migrationLock = 0x6e657773627269

// migrateTo runs on one connection. On PostgreSQL that connection first
// takes a session advisory lock, so that several processes started with
// --migrate at once apply each migration exactly once: the others wait,
// then find the schema current. (SQLite's immediate transactions and single
// connection already serialise writers.)
func (s *Store) migrateTo(ctx context.Context, target int) error {
	conn, err := s.DB.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: unable to migrate: %w", err)
	}
	defer conn.Close()
	if s.Dialect == Postgres {
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, migrationLock); err != nil {
			return fmt.Errorf("store: unable to take the migration lock: %w", err)
		}
		// Unlock with a fresh context: a cancelled ctx must not leave the
		// lock held by a pooled connection.
		defer conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1)`, migrationLock)
	}
	v, err := s.version(ctx, conn)
	if err != nil {
		return err
	}
	if v > len(migrations) {
		return model.Errorf(model.EInvalid, "store: the database schema (version %d) is newer than this newsbridge (version %d)", v, len(migrations))
	}
	for i := v; i < target; i++ {
		tx, err := conn.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("store: migration %d: unable to begin: %w", i+1, err)
		}
		err = func() error {
			for _, stmt := range splitStatements(s.ddl(migrations[i])) {
				if _, err := tx.ExecContext(ctx, stmt); err != nil {
					return fmt.Errorf("store: migration %d: %w", i+1, err)
				}
			}
			_, err := tx.ExecContext(ctx, s.q(`INSERT INTO schema_version (version) VALUES (?)`), i+1)
			return err
		}()
		if err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("store: migration %d: unable to commit: %w", i+1, err)
		}
	}
	return nil
}

// CheckSchema returns an error when the database needs migrating. A new,
// empty database is not "old": callers may migrate it without asking.
func (s *Store) CheckSchema(ctx context.Context) (current int, err error) {
	v, err := s.Version(ctx)
	if err != nil {
		return 0, err
	}
	if v != len(migrations) {
		return v, model.Errorf(model.EInvalid, "store: the database schema is at version %d, this newsbridge needs %d: run `newsbridge migrate` (or serve --migrate)", v, len(migrations))
	}
	return v, nil
}

func splitStatements(sqlText string) []string {
	var out []string
	for _, st := range strings.Split(sqlText, ";") {
		if strings.TrimSpace(st) != "" {
			out = append(out, st)
		}
	}
	return out
}

// MigrateTo applies the migrations up to version v only; tests use it to
// build a database at an older schema.
func (s *Store) MigrateTo(ctx context.Context, v int) error { return s.migrateTo(ctx, v) }
