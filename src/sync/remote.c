/* remote.c - remote databases, and the credentials to reach them. */
#include "sync/sync.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clock.h"
#include "config.h"
#include "db.h"
#include "i18n.h"
#include "paths.h"
#include "strbuf.h"
#include "sync/http.h"
#include "xalloc.h"

enum status sync_init(void)
{
	return http_global_init();
}

void sync_cleanup(void)
{
	http_global_cleanup();
}

bool sync_url_split(const char *url, char **clean, char **user, char **password)
{
	return http_split_url(url, clean, user, password);
}

void sync_remote_clear(struct sync_remote *r)
{
	free(r->name);
	free(r->url);
	free(r->login);
	free(r->cacert);
	memset(r, 0, sizeof(*r));
}

void sync_remotes_free(struct sync_remote *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		sync_remote_clear(&r[i]);
	free(r);
}

static void remote_from_row(sqlite3_stmt *s, struct sync_remote *r)
{
	r->name = db_column_strdup(s, 0);
	r->url = db_column_strdup(s, 1);
	r->login = db_column_strdup(s, 2);
	r->insecure = sqlite3_column_int(s, 3) != 0;
	r->cacert = db_column_strdup(s, 4);
	r->is_default = sqlite3_column_int(s, 5) != 0;
}

#define REMOTE_COLUMNS "name, url, login, insecure, cacert, is_default"

enum status sync_remote_list(struct db *db, struct sync_remote **out, size_t *n)
{
	sqlite3_stmt *s = db_prepare(db, "SELECT " REMOTE_COLUMNS " FROM sync_remote "
					 "ORDER BY is_default DESC, name");
	struct sync_remote *list = NULL;
	size_t k = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return ST_DB;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		list = xreallocarray(list, k + 1, sizeof(*list));
		memset(&list[k], 0, sizeof(list[k]));
		remote_from_row(s, &list[k++]);
	}
	sqlite3_reset(s);
	*out = list;
	*n = k;
	return rc == SQLITE_DONE ? ST_OK : db_error(db, rc, _("reading remotes"));
}

enum status sync_remote_get(struct db *db, const char *name, struct sync_remote *out)
{
	sqlite3_stmt *s = db_prepare(db, name ? "SELECT " REMOTE_COLUMNS " FROM sync_remote "
						"WHERE name = ?"
					      : "SELECT " REMOTE_COLUMNS " FROM sync_remote "
						"ORDER BY is_default DESC, name LIMIT 1");
	int rc;

	memset(out, 0, sizeof(*out));
	if (s == NULL)
		return ST_DB;
	if (name)
		sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		remote_from_row(s, out);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return ST_OK;
	if (rc != SQLITE_DONE)
		return db_error(db, rc, _("reading remotes"));
	if (name)
		return status_set(ST_NOT_FOUND,
				  _("no remote named \"%s\" (see 'salesterm remote "
				    "list')"),
				  name);
	return status_set(ST_NOT_FOUND, _("no remote to sync with: add one with 'salesterm "
					  "remote add URL'"));
}

/* The last path segment of a URL, as a remote name. Caller frees. */
static char *name_from_url(const char *url)
{
	const char *p = strstr(url, "://"), *slash;
	char *name, *q;

	p = p ? p + 3 : url;
	slash = strrchr(p, '/');
	name = xstrdup(slash && slash[1] ? slash + 1 : "origin");
	for (q = name; *q; q++)
		if (!isalnum((unsigned char)*q) && *q != '-' && *q != '_' && *q != '.')
			*q = '_';
	return name;
}

enum status sync_remote_add(struct db *db, const char *url, const char *name, const char *login,
			    bool insecure, const char *cacert, bool make_default, char **name_out,
			    bool *password_dropped)
{
	char *clean = NULL, *user = NULL, *pw = NULL, *nm = NULL, now[21], *slash;
	sqlite3_stmt *s;
	enum status st;
	bool first;
	int rc;

	if (name_out)
		*name_out = NULL;
	if (password_dropped)
		*password_dropped = false;
	if (!http_split_url(url, &clean, &user, &pw))
		return status_set(ST_USAGE,
				  _("\"%s\" is not an http:// or https:// URL of a "
				    "database"),
				  url);
	if (pw) {
		sync_secret_wipe(pw);
		if (password_dropped)
			*password_dropped = true;
	}
	free(pw);
	slash = strstr(clean, "://");
	slash = slash ? strchr(slash + 3, '/') : NULL;
	if (slash == NULL || slash[1] == '\0') {
		st = status_set(ST_USAGE,
				_("\"%s\" names a server, not a database: add the "
				  "database, as in https://host:5984/team-east"),
				url);
		goto out;
	}
	nm = name ? xstrdup(name) : name_from_url(clean);
	if (*nm == '\0' || strlen(nm) > 64) {
		st = status_set(ST_USAGE, _("a remote name must have 1 to 64 characters"));
		goto out;
	}
	if (cacert && access(cacert, R_OK) != 0) {
		st = status_set(ST_IO, _("%s: cannot read: %s"), cacert, strerror(errno));
		goto out;
	}
	st = db_begin(db);
	if (st != ST_OK)
		goto out;
	s = db_prepare(db, "SELECT count(*) FROM sync_remote");
	first = s && sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0) == 0;
	if (s)
		sqlite3_reset(s);
	if (make_default && !first)
		st = db_exec(db, "UPDATE sync_remote SET is_default = 0");
	clock_iso_utc(clock_now(), now);
	s = st == ST_OK
		? db_prepare(db, "INSERT INTO sync_remote (name, url, login, insecure, "
				 "cacert, is_default, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
		: NULL;
	if (s) {
		sqlite3_bind_text(s, 1, nm, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 2, clean, -1, SQLITE_TRANSIENT);
		db_bind_text(s, 3, login ? login : user);
		sqlite3_bind_int(s, 4, insecure);
		db_bind_text(s, 5, cacert);
		sqlite3_bind_int(s, 6, first || make_default);
		sqlite3_bind_text(s, 7, now, -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(s);
		sqlite3_reset(s);
		if ((rc & 0xff) == SQLITE_CONSTRAINT)
			st = status_set(ST_INVALID,
					_("there is already a remote named \"%s\" (see "
					  "'salesterm remote list')"),
					nm);
		else if (rc != SQLITE_DONE)
			st = db_error(db, rc, _("saving a remote"));
	} else if (st == ST_OK) {
		st = ST_DB;
	}
	if (st == ST_OK)
		st = db_commit(db);
	else
		db_rollback(db);
	if (st == ST_OK && name_out) {
		*name_out = nm;
		nm = NULL;
	}
out:
	free(clean);
	free(user);
	free(nm);
	return st;
}

enum status sync_remote_remove(struct db *db, const char *name)
{
	struct sync_remote r;
	enum status st = sync_remote_get(db, name, &r);
	sqlite3_stmt *s;
	int rc;

	if (st != ST_OK)
		return st;
	st = db_begin(db);
	if (st != ST_OK) {
		sync_remote_clear(&r);
		return st;
	}
	s = db_prepare(db, "DELETE FROM sync_remote WHERE name = ?");
	rc = SQLITE_ERROR;
	if (s) {
		sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(s);
		sqlite3_reset(s);
	}
	if (rc != SQLITE_DONE)
		st = db_error(db, rc, _("removing a remote"));
	s = st == ST_OK ? db_prepare(db, "DELETE FROM sync_checkpoint WHERE remote = ?") : NULL;
	if (s) {
		sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT);
		sqlite3_step(s);
		sqlite3_reset(s);
	}
	/* What its server sent and could not be stored goes with it. */
	s = st == ST_OK ? db_prepare(db, "DELETE FROM sync_quarantine WHERE remote = ?") : NULL;
	if (s) {
		sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(s) != SQLITE_DONE)
			st = db_error(db, sqlite3_errcode(db_handle(db)), _("removing a remote"));
		sqlite3_reset(s);
	}
	/* The next remote in line becomes the default. */
	if (st == ST_OK && r.is_default)
		st = db_exec(db, "UPDATE sync_remote SET is_default = 1 WHERE name = (SELECT name "
				 "FROM sync_remote ORDER BY created_at, name LIMIT 1)");
	if (st == ST_OK)
		st = db_commit(db);
	else
		db_rollback(db);
	sync_remote_clear(&r);
	return st;
}

/* ---- credentials ---- */

/* ~/.netrc is read whole; a longer one is not read. */
#define NETRC_MAX_BYTES ((size_t)1024 * 1024)

void sync_secret_wipe(char *s)
{
	volatile char *p = s;

	while (p && *p)
		*p++ = '\0';
}

/* The host name of a URL (no port). Caller frees. */
static char *url_hostname(const char *url)
{
	const char *p = strstr(url, "://");
	char *host, *end;

	p = p ? p + 3 : url;
	host = xstrdup(p);
	end = strpbrk(host, "/?#");
	if (end)
		*end = '\0';
	if (host[0] == '[') {
		end = strchr(host, ']');
		if (end) {
			*end = '\0';
			memmove(host, host + 1, strlen(host));
		}
	} else {
		end = strchr(host, ':');
		if (end)
			*end = '\0';
	}
	return host;
}

/* From the config file: "sync-credentials REMOTE LOGIN PASSWORD" (config.h
 * reads it: comments, quotes, line numbers in errors). */
static enum status creds_from_config(const struct sync_remote *r, char **login, char **password)
{
	char *path = paths_config(), *errors;
	const struct config_line *l;
	struct config *cfg = NULL;
	enum status st;
	size_t pos = 0;

	st = config_read(path, &cfg);
	if (st != ST_OK)
		goto out;
	/* A malformed credentials line is reported, not skipped: skipping it
	 * would only show later as a refused or missing password. */
	errors = config_errors(cfg, "sync-credentials");
	if (errors) {
		char *nl = strchr(errors, '\n');

		if (nl)
			*nl = '\0';
		st = status_set(ST_INVALID, "%s", errors);
		free(errors);
		goto out;
	}
	while ((l = config_next(cfg, "sync-credentials", &pos)) != NULL) {
		if (!cfg->private_file) {
			st = status_set(ST_DENIED,
					_("%s holds a password but other users can read "
					  "it; run: chmod 600 %s"),
					path, path);
			break;
		}
		if (!*l->argv[1] || !*l->argv[2] || !*l->argv[3])
			continue;
		if (strcmp(l->argv[1], r->name) != 0 && strcmp(l->argv[1], r->url) != 0)
			continue;
		if (r->login && strcmp(l->argv[2], r->login) != 0)
			continue;
		*login = xstrdup(l->argv[2]);
		*password = xstrdup(l->argv[3]);
		break;
	}
out:
	config_free(&cfg);
	free(path);
	return st;
}

/* From ~/.netrc: the first "machine HOST" (or "default") entry that fits.
 * Like the config file, a password is not used from a file that other
 * users can read (ST_DENIED). */
static enum status creds_from_netrc(const struct sync_remote *r, char **login, char **password)
{
	const char *home = getenv("HOME");
	char *path, *text, *tok, *save = NULL, *host;
	char *m_login = NULL, *m_pass = NULL;
	struct strbuf buf = STRBUF_INIT;
	bool in_entry = false, found = false;
	struct stat sb;
	mode_t mode = 0;
	enum status st;

	if (home == NULL || *home == '\0')
		return ST_OK;
	path = xasprintf("%s/.netrc", home);
	st = strbuf_read_file(&buf, path, NETRC_MAX_BYTES);
	if (st != ST_OK) {
		strbuf_release(&buf);
		free(path);
		/* No ~/.netrc is no credentials; one that cannot be read is said. */
		return st == ST_IO && errno == ENOENT ? ST_OK : st;
	}
	/* The mode of the file just read (a race with chmod only errs safe). */
	if (stat(path, &sb) == 0)
		mode = sb.st_mode;
	host = url_hostname(r->url);
	text = strbuf_detach(&buf);
	for (tok = strtok_r(text, " \t\r\n", &save); tok && !found;
	     tok = strtok_r(NULL, " \t\r\n", &save)) {
		if (strcmp(tok, "machine") == 0 || strcmp(tok, "default") == 0) {
			/* An entry ends where the next begins: did the last one fit? */
			if (in_entry && m_pass &&
			    (r->login == NULL || (m_login && strcmp(m_login, r->login) == 0))) {
				found = true;
				break;
			}
			free(m_login);
			free(m_pass);
			m_login = m_pass = NULL;
			if (strcmp(tok, "default") == 0) {
				in_entry = true;
			} else {
				tok = strtok_r(NULL, " \t\r\n", &save);
				in_entry = tok && strcmp(tok, host) == 0;
			}
		} else if (strcmp(tok, "login") == 0) {
			tok = strtok_r(NULL, " \t\r\n", &save);
			if (in_entry && tok) {
				free(m_login);
				m_login = xstrdup(tok);
			}
		} else if (strcmp(tok, "password") == 0) {
			tok = strtok_r(NULL, " \t\r\n", &save);
			if (in_entry && tok) {
				free(m_pass);
				m_pass = xstrdup(tok);
			}
		} else if (strcmp(tok, "macdef") == 0) {
			break; /* macros run to a blank line; nothing of ours follows */
		}
	}
	if (!found && in_entry && m_pass &&
	    (r->login == NULL || (m_login && strcmp(m_login, r->login) == 0)))
		found = true;
	if (found && (mode & 077)) {
		st = status_set(
		    ST_DENIED,
		    _("%s holds a password but other users can read it; run: chmod 600 %s"), path,
		    path);
		found = false;
	}
	if (found) {
		*login = m_login ? m_login : xstrdup(r->login);
		*password = m_pass;
	} else {
		free(m_login);
		sync_secret_wipe(m_pass);
		free(m_pass);
	}
	sync_secret_wipe(text);
	free(text);
	free(host);
	free(path);
	return st;
}

/* This machine: localhost, 127.0.0.0/8 or ::1 (by name or address as
 * written; a name that resolves here does not count). */
static bool host_is_loopback(const char *host)
{
	return strcasecmp(host, "localhost") == 0 || strncmp(host, "127.", 4) == 0 ||
	       strcmp(host, "::1") == 0 || strcmp(host, "0:0:0:0:0:0:0:1") == 0;
}

bool sync_cleartext_warn_once(struct db *db, const struct sync_remote *r)
{
	char *host, *key, *seen;
	bool warn;

	if (strncasecmp(r->url, "http://", 7) != 0)
		return false;
	host = url_hostname(r->url);
	warn = !host_is_loopback(host);
	free(host);
	if (!warn)
		return false;
	key = xasprintf("sync.cleartext_warned.%s", r->name);
	seen = db_meta_get(db, key);
	warn = seen == NULL || strcmp(seen, r->url) != 0;
	/* One statement, one transaction; on a read-only database the warning
	 * comes every time, which is no harm. */
	if (warn && db_meta_set(db, key, r->url) != ST_OK)
		status_clear();
	free(seen);
	free(key);
	return warn;
}

enum status sync_credentials(const struct sync_remote *r, char **login, char **password)
{
	enum status st;

	*login = *password = NULL;
	st = creds_from_config(r, login, password);
	if (st != ST_OK || *password)
		return st;
	st = creds_from_netrc(r, login, password);
	if (st != ST_OK)
		return st;
	if (*login == NULL && r->login)
		*login = xstrdup(r->login);
	return ST_OK;
}
