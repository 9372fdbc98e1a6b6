/* io.c - import FILE and export TYPE: the command line of src/io/.
 *
 * import prints what it did on stdout ("created 3 contacts, updated 1,
 * skipped 2 duplicates"), each skipped duplicate (and with --dry-run each row)
 * on stderr with its line and reason, and on a terminal a progress line
 * with rows/s and the time left. Ctrl-C cancels: nothing is written.
 * export writes to stdout or, with -o FILE, to a new private file (0600)
 * that replaces FILE only once the export is complete.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "clock.h"
#include "db.h"
#include "entity.h"
#include "i18n.h"
#include "io/io.h"
#include "record.h"
#include "utf8.h"
#include "xalloc.h"

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

struct import_ui {
	bool tty;     /* progress on stderr */
	bool verbose; /* every row (--dry-run) */
	bool progress_shown;
	struct timespec start, last;
	FILE *ask_in; /* the terminal, for --on-duplicate ask */
};

static double seconds_since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

static int import_progress(void *ctx, uint64_t done, uint64_t total, int64_t rows)
{
	struct import_ui *ui = ctx;
	double t, rate, left;

	if (interrupted)
		return 1;
	if (!ui->tty || seconds_since(&ui->last) < 0.2)
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &ui->last);
	t = seconds_since(&ui->start);
	rate = t > 0 ? (double)rows / t : 0;
	left = done > 0 && done < total ? t * (double)(total - done) / (double)done : 0;
	fprintf(stderr, _("\r%3d%%  %" PRId64 " rows  %.0f rows/s  %.0f s left   "),
		total ? (int)(done * 100 / total) : 100, rows, rate, left);
	ui->progress_shown = true;
	return 0;
}

static void clear_progress(struct import_ui *ui)
{
	if (ui->progress_shown)
		fputs("\r\033[K", stderr);
	ui->progress_shown = false;
}

static int import_report(void *ctx, long line, enum io_outcome what, const char *type,
			 const char *title, const char *why)
{
	struct import_ui *ui = ctx;
	char *t = utf8_sanitize(title ? title : "", 200, false);
	char *w = why ? utf8_sanitize(why, 400, false) : NULL;

	if (what == IO_SKIPPED || what == IO_REJECTED || ui->verbose) {
		clear_progress(ui);
		switch (what) {
		case IO_CREATED:
			fprintf(stderr,
				w ? _("line %ld: create %s \"%s\" (%s)\n")
				  : _("line %ld: create %s \"%s\"\n"),
				line, type, t, w);
			break;
		case IO_UPDATED:
			fprintf(stderr, _("line %ld: update %s \"%s\": %s\n"), line, type, t, w);
			break;
		case IO_SKIPPED:
			fprintf(stderr, _("line %ld: skip %s \"%s\": %s\n"), line, type, t, w);
			break;
		case IO_REJECTED:
			fprintf(stderr, _("line %ld: rejected: %s\n"), line, w ? w : "");
			break;
		}
	}
	free(t);
	free(w);
	return 0;
}

static enum io_dup_action import_ask(void *ctx, long line, const char *title, const char *existing,
				     const char *why)
{
	struct import_ui *ui = ctx;
	char answer[32];
	char *t = utf8_sanitize(title, 200, false), *x = utf8_sanitize(existing, 200, false);
	enum io_dup_action act = IO_DUP_SKIP;

	clear_progress(ui);
	for (;;) {
		fprintf(
		    stderr,
		    _("line %ld: \"%s\" looks like \"%s\" (%s). [s]kip, [u]pdate or [c]reate? "),
		    line, t, x, why);
		if (fgets(answer, sizeof(answer), ui->ask_in) == NULL)
			break;
		if (answer[0] == 's' || answer[0] == '\n')
			break;
		if (answer[0] == 'u' || answer[0] == 'c') {
			act = answer[0] == 'u' ? IO_DUP_UPDATE : IO_DUP_CREATE;
			break;
		}
	}
	free(t);
	free(x);
	return act;
}

static bool dup_action(const char *v, enum io_dup_action *out)
{
	static const struct {
		const char *name;
		enum io_dup_action act;
	} acts[] = { { "skip", IO_DUP_SKIP },
		     { "update", IO_DUP_UPDATE },
		     { "create", IO_DUP_CREATE },
		     { "ask", IO_DUP_ASK } };
	size_t i;

	for (i = 0; i < sizeof(acts) / sizeof(acts[0]); i++)
		if (strcmp(v, acts[i].name) == 0) {
			*out = acts[i].act;
			return true;
		}
	return false;
}

/* import --help: the rules, for a person at the shell. */
static const char import_help[] =
    N_("salesterm import FILE [--type TYPE] [--format csv|jsonl|vcard|ics] [--encoding E]\n"
       "                 [--map COLUMN=field ...] [--on-duplicate skip|update|create|ask]\n"
       "                 [--dry-run] [--skip-bad FILE] [--window DAYS]\n"
       "\n"
       "The format is found from the content and the name, the encoding from the\n"
       "content (UTF-8, UTF-16 by its BOM, else GB18030) unless --encoding names it.\n"
       "An import is one transaction: a bad row refuses it with its line and reason\n"
       "and nothing is written, unless --skip-bad FILE sets bad rows aside there.\n"
       "--dry-run says what each row would become and writes nothing.\n"
       "\n"
       "CSV, vCard and iCalendar rows are new records, as if typed: the columns are\n"
       "mapped to fields (--map COLUMN=field overrides, COLUMN= ignores), the type's\n"
       "rules apply, and a row with the same email, phone, or name and company as a\n"
       "record (or an earlier row) is a duplicate: skipped and said (the default),\n"
       "updated, created anyway or asked, as --on-duplicate says.\n"
       "\n"
       "JSON lines are documents as 'export --format jsonl' and sync write them, of\n"
       "any type (--type: only that one), and are applied as a sync applies the\n"
       "server's: each is checked as a pulled document is and written with its own\n"
       "id, revision, times and owner. They record what happened elsewhere, so the\n"
       "rules of a person's new edits (review gates, 'use lead convert') do not\n"
       "apply, and stage changes, logs and history import too. A required\n"
       "reference (a stage change's deal) must name a record here or in the file.\n"
       "A document already here with the same content is skipped; with other\n"
       "content --on-duplicate decides (update: the file's content as the next\n"
       "revision of the record here; create: a new id); an entry of a log is never\n"
       "changed. Imported documents are changes to push: the server keeps those it\n"
       "has already, without a conflict. An export of every type imported into an\n"
       "empty database and exported again gives the same file.\n");

int cli_cmd_import(struct cli *c, int argi)
{
	struct io_import_options opt = { .on_duplicate = IO_DUP_DEFAULT };
	struct io_import_result res = { 0 };
	struct import_ui ui = { 0 };
	struct io_map *maps = NULL;
	const char *file = NULL, *skip_path = NULL, *v;
	char *skip_tmp = NULL;
	struct sigaction sa = { 0 }, old_sa;
	enum status st;
	int ret = 0, i;

	for (i = argi; i < c->nargs; i++) {
		const char *a = c->args[i];

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(_(import_help), stdout);
			goto out;
		}
		if (strcmp(a, "--type") == 0) {
			if ((v = cli_opt_value(c, &i)) == NULL)
				goto usage;
			if ((opt.entity = entity_find(v)) == NULL) {
				ret = cli_usage_error(_("unknown record type \"%s\""), v);
				goto out;
			}
		} else if (strcmp(a, "--format") == 0) {
			if ((v = cli_opt_value(c, &i)) == NULL)
				goto usage;
			if (io_reader_find(v) == NULL) {
				ret = cli_usage_error(
				    _("--format takes csv, jsonl, vcard or ics, not \"%s\""), v);
				goto out;
			}
			opt.format = v;
		} else if (strcmp(a, "--encoding") == 0) {
			if ((opt.encoding = cli_opt_value(c, &i)) == NULL)
				goto usage;
		} else if (strcmp(a, "--map") == 0) {
			const char *eq;

			if ((v = cli_opt_value(c, &i)) == NULL)
				goto usage;
			eq = strrchr(v, '=');
			if (eq == NULL || eq == v) {
				ret = cli_usage_error(_("--map takes COLUMN=field, not \"%s\""), v);
				goto out;
			}
			maps = xreallocarray(maps, opt.nmaps + 1, sizeof(*maps));
			maps[opt.nmaps].column = xstrndup(v, (size_t)(eq - v));
			maps[opt.nmaps++].field = eq + 1;
		} else if (strcmp(a, "--on-duplicate") == 0) {
			if ((v = cli_opt_value(c, &i)) == NULL)
				goto usage;
			if (!dup_action(v, &opt.on_duplicate)) {
				ret = cli_usage_error(_("--on-duplicate takes skip, update, create "
							"or ask, not \"%s\""),
						      v);
				goto out;
			}
		} else if (strcmp(a, "--dry-run") == 0) {
			opt.dry_run = true;
		} else if (strcmp(a, "--window") == 0) {
			char *end;
			long days;

			if ((v = cli_opt_value(c, &i)) == NULL)
				goto usage;
			days = strtol(v, &end, 10);
			if (*v == '\0' || *end != '\0' || days < 1 || days > 3660) {
				ret = cli_usage_error(
				    _("--window takes a number of days from 1 to 3660, not \"%s\""),
				    v);
				goto out;
			}
			opt.window_days = (int)days;
		} else if (strcmp(a, "--skip-bad") == 0) {
			if ((skip_path = cli_opt_value(c, &i)) == NULL)
				goto usage;
		} else if (a[0] == '-' && a[1] != '\0') {
			ret = cli_usage_error(_("unknown option %s"), a);
			goto out;
		} else if (file == NULL) {
			file = a;
		} else {
			ret = cli_usage_error(_("import takes one file, not also \"%s\""), a);
			goto out;
		}
	}
	if (file == NULL) {
		ret = cli_usage_error(_("import needs a file (%s)"), "import FILE");
		goto out;
	}
	/* --map names fields of the type imported */
	for (i = 0; i < (int)opt.nmaps; i++) {
		size_t fl = strlen(file);
		bool ics = (opt.format && strcasecmp(opt.format, "ics") == 0) ||
			   (!opt.format && fl > 4 && strcasecmp(file + fl - 4, ".ics") == 0);
		const struct entity *e = opt.entity ? opt.entity
					 : ics	    ? &entity_activity
						    : &entity_contact;

		if (maps[i].field[0] && strcmp(maps[i].field, "id") != 0 &&
		    strcmp(maps[i].field, "owner") != 0 && entity_field(e, maps[i].field) == NULL) {
			char *why =
			    xasprintf(_("--map: a %s has no field \"%s\" (see 'salesterm %s "
					"fields')"),
				      e->name, maps[i].field, e->name);

			ret = cli_usage_error("%s", why);
			free(why);
			goto out;
		}
	}
	opt.maps = maps;
	if (opt.on_duplicate == IO_DUP_ASK) {
		ui.ask_in = fopen("/dev/tty", "r");
		if (ui.ask_in == NULL) {
			ret = cli_usage_error(_("--on-duplicate ask needs a terminal (%s)"),
					      strerror(errno));
			goto out;
		}
		opt.ask = import_ask;
	}
	if (skip_path) {
		int fd;

		skip_tmp = xasprintf("%s.XXXXXX", skip_path);
		fd = mkstemp(skip_tmp);
		if (fd < 0 || (opt.skip_bad = fdopen(fd, "w")) == NULL) {
			fprintf(stderr, _("salesterm: cannot write %s: %s\n"), skip_path,
				strerror(errno));
			if (fd >= 0)
				close(fd);
			free(skip_tmp);
			skip_tmp = NULL;
			ret = status_exit_code(ST_IO);
			goto out;
		}
	}
	ui.tty = isatty(STDERR_FILENO);
	ui.verbose = opt.dry_run;
	clock_gettime(CLOCK_MONOTONIC, &ui.start);
	ui.last = ui.start;
	opt.report = import_report;
	opt.progress = import_progress;
	opt.ctx = &ui;
	interrupted = 0;
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_sa);
	st = io_import(c->db, strcmp(file, "-") == 0 ? "/dev/stdin" : file, NULL, 0, &opt, &res);
	sigaction(SIGINT, &old_sa, NULL);
	clear_progress(&ui);
	if (opt.skip_bad) {
		bool keep = st == ST_OK && res.rejected > 0 && !opt.dry_run;

		if (fclose(opt.skip_bad) != 0 && keep) {
			st =
			    status_set(ST_IO, _("cannot write %s: %s"), skip_path, strerror(errno));
			keep = false;
		}
		if (keep && rename(skip_tmp, skip_path) != 0) {
			st =
			    status_set(ST_IO, _("cannot write %s: %s"), skip_path, strerror(errno));
			keep = false;
		}
		if (!keep)
			unlink(skip_tmp);
		opt.skip_bad = NULL;
	}
	if (st != ST_OK) {
		ret = cli_fail(st);
		if (interrupted)
			ret = 130;
		goto out;
	}
	{
		const struct entity *te = entity_find(res.type);
		/* JSON lines of several types: "records" */
		const char *type = te				      ? te->plural
				   : strcmp(res.format, "jsonl") == 0 ? N_("records")
								      : "";
		size_t k;

		if (opt.dry_run)
			for (k = 0; k < res.ncolumns; k++)
				fprintf(stderr, _("column \"%s\" -> %s\n"), res.columns[k],
					res.fields[k][0] ? res.fields[k] : _("(ignored)"));
		printf(opt.dry_run ? _("%s (%s, %s): would create %" PRId64 ", update %" PRId64
				       ", skip %" PRId64 ", reject %" PRId64 "%s%s\n")
				   : _("%s (%s, %s): created %" PRId64 ", updated %" PRId64
				       ", skipped %" PRId64 ", rejected %" PRId64 "%s%s\n"),
		       file, res.format, res.encoding, res.created, res.updated, res.skipped,
		       res.rejected, *type ? " " : "", *type ? _(type) : "");
		for (k = 0; k < res.nnotes; k++) {
			char *n = utf8_sanitize(res.notes[k], 600, false);

			printf("%s\n", n);
			free(n);
		}
		if (res.linked_created)
			printf(ngettext("and %" PRId64
					" record made for a name in a reference column\n",
					"and %" PRId64
					" records made for the names in reference columns\n",
					(unsigned long)res.linked_created),
			       res.linked_created);
		if (res.rejected && skip_path && !opt.dry_run)
			printf(_("rejected rows and their reasons are in %s\n"), skip_path);
	}
	goto out;
usage:
	ret = status_exit_code(ST_USAGE);
out:
	if (opt.skip_bad) {
		fclose(opt.skip_bad);
		unlink(skip_tmp);
	}
	free(skip_tmp);
	if (ui.ask_in)
		fclose(ui.ask_in);
	for (i = 0; i < (int)opt.nmaps; i++)
		free((char *)maps[i].column);
	free(maps);
	io_import_result_clear(&res);
	return ret;
}

int cli_cmd_export(struct cli *c, int argi)
{
	struct io_export_options opt = { 0 };
	struct record_query q = { 0 };
	struct filter *filters = NULL;
	const struct entity *e = NULL;
	const char *out_path = NULL, *v;
	char *tmp = NULL, *sort = NULL;
	FILE *out = stdout;
	size_t nf = 0, k;
	int64_t count = 0;
	enum status st = ST_OK;
	int ret = 0, i;

	for (i = argi; i < c->nargs && st == ST_OK; i++) {
		const char *a = c->args[i];

		if (strcmp(a, "--format") == 0) {
			if ((v = cli_opt_value(c, &i)) == NULL)
				goto usage;
			if (io_writer_find(v) == NULL) {
				ret = cli_usage_error(
				    _("--format takes csv, jsonl, vcard or ics, not \"%s\""), v);
				goto out;
			}
			opt.format = v;
		} else if (strcmp(a, "--encoding") == 0) {
			if ((opt.encoding = cli_opt_value(c, &i)) == NULL)
				goto usage;
		} else if (strcmp(a, "--bom") == 0) {
			opt.bom = true;
		} else if (strcmp(a, "--mailing") == 0) {
			if ((opt.mailing = cli_opt_value(c, &i)) == NULL)
				goto usage;
		} else if (strcmp(a, "--vcard-version") == 0) {
			if ((v = cli_opt_value(c, &i)) == NULL)
				goto usage;
			if (strcmp(v, "3.0") != 0 && strcmp(v, "4.0") != 0) {
				ret = cli_usage_error(
				    _("--vcard-version takes 3.0 or 4.0, not \"%s\""), v);
				goto out;
			}
			opt.variant = v;
		} else if (strcmp(a, "--deleted") == 0) {
			q.include_deleted = true;
		} else if (strcmp(a, "--sort") == 0) {
			if ((v = cli_opt_value(c, &i)) == NULL || !cli_opt_sort(v, &q, &sort))
				goto usage;
		} else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
			if ((out_path = cli_opt_value(c, &i)) == NULL)
				goto usage;
		} else if (a[0] == '-' && a[1] == '-') {
			ret = cli_usage_error(_("unknown option %s"), a);
			goto out;
		} else if (e == NULL) {
			if ((e = entity_find(a)) == NULL) {
				ret = cli_usage_error(_("unknown record type \"%s\""), a);
				goto out;
			}
		} else {
			if (nf == RECORD_MAX_FILTERS) {
				ret = cli_usage_error(_("at most %s filters"), "500");
				goto out;
			}
			filters = xreallocarray(filters, nf + 1, sizeof(*filters));
			st = filter_parse(a, &filters[nf]);
			if (st == ST_OK)
				nf++;
		}
	}
	if (st != ST_OK) {
		ret = cli_fail(st);
		goto out;
	}
	if (e == NULL) {
		ret = cli_usage_error(_("export needs a record type (%s)"), "export TYPE");
		goto out;
	}
	/* the format from the name of the file written, when not given */
	if (opt.format == NULL && out_path)
		opt.format = io_format_of_name(out_path);
	if (opt.variant && (opt.format == NULL || io_writer_find(opt.format) != &io_vcard_writer)) {
		ret = cli_usage_error("%s", _("--vcard-version goes with --format vcard"));
		goto out;
	}
	q.filters = filters;
	q.nfilters = nf;
	opt.query = &q;
	if (out_path) {
		int fd;

		tmp = xasprintf("%s.XXXXXX", out_path);
		fd = mkstemp(tmp); /* 0600: the customers' data */
		if (fd < 0 || (out = fdopen(fd, "w")) == NULL) {
			fprintf(stderr, _("salesterm: cannot write %s: %s\n"), out_path,
				strerror(errno));
			if (fd >= 0)
				close(fd);
			out = stdout;
			ret = status_exit_code(ST_IO);
			goto out;
		}
	}
	st = io_export(c->db, e, out, &opt, &count);
	if (out != stdout) {
		if (fclose(out) != 0 && st == ST_OK)
			st = status_set(ST_IO, _("cannot write %s: %s"), out_path, strerror(errno));
		out = stdout;
		if (st == ST_OK && rename(tmp, out_path) != 0)
			st = status_set(ST_IO, _("cannot write %s: %s"), out_path, strerror(errno));
		if (st != ST_OK)
			unlink(tmp);
	}
	if (st != ST_OK) {
		ret = cli_fail(st);
		goto out;
	}
	if (out_path || isatty(STDERR_FILENO))
		fprintf(stderr, _("exported %" PRId64 " %s\n"), count, _(e->plural));
	goto out;
usage:
	ret = status_exit_code(ST_USAGE);
out:
	for (k = 0; k < nf; k++)
		free((char *)filters[k].key);
	free(filters);
	free(sort);
	free(tmp);
	return ret;
}
