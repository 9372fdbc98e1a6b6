/* test_wallet.c - share of wallet and cross-sell on a small fixed data set,
 * every figure computed by hand (the period 2025-11-24..2026-11-23):
 *   lines   CRM and ERP from won deals, Hardware from the catalogue alone
 *   华为     Retail/A: won ERP 10,000 and CRM 5,000 in the period
 *   Beta    Retail/A: won ERP 20,000
 *   Gamma   Retail/A: won CRM 1,000 two years back (bought, no revenue now)
 *   Delta   Retail/B: won ERP in USD (a purchase, never in revenue)
 *   Eps     no industry, no segment: won a deal of no line
 *   Zeta    Retail/A: an open deal only, not a customer
 * Cross-sell: CRM to Beta (2 of the 3 Retail/A customers bought it: 66.6%),
 * ERP to Gamma (2 of 3); Delta's group (Retail/B) has no CRM buyer and Eps is
 * like no one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "entity.h"
#include "fixture.h"
#include "record.h"
#include "report/registry.h"
#include "report/wallet.h"
#include "tap.h"
#include "user.h"
#include "xalloc.h"

static struct db *db;

#define ADD(e, ...) fixture_add(db, e, (const char *const[]){ __VA_ARGS__, NULL })

static void won(const char *name, const char *account, const char *date, const char *amount,
		const char *line, const char *currency)
{
	char n[64], a[64], d[64], m[64], c[64], l[64];

	snprintf(n, sizeof(n), "name=%s", name);
	snprintf(a, sizeof(a), "account=%s", account);
	snprintf(d, sizeof(d), "close_date=%s", date);
	snprintf(m, sizeof(m), "amount=%s", amount);
	snprintf(c, sizeof(c), "currency=%s", currency ? currency : "CNY");
	snprintf(l, sizeof(l), "product_line=%s", line ? line : "");
	free(ADD(&entity_opportunity, n, a, "stage=Closed Won", d, m, c, l));
}

static void setup(void)
{
	free(ADD(&entity_product, "code=HW1", "name=Box", "line=Hardware", "price=100"));
	free(ADD(&entity_account, "name=华为", "industry=Retail", "segment=A"));
	free(ADD(&entity_account, "name=Beta", "industry=Retail", "segment=A"));
	free(ADD(&entity_account, "name=Gamma", "industry=Retail", "segment=A"));
	free(ADD(&entity_account, "name=Delta", "industry=Retail", "segment=B"));
	free(ADD(&entity_account, "name=Eps"));
	free(ADD(&entity_account, "name=Zeta", "industry=Retail", "segment=A"));
	won("H1", "华为", "2026-03-01", "10000", "ERP", NULL);
	won("H2", "华为", "2026-04-01", "5000", "CRM", NULL);
	won("B1", "Beta", "2026-05-01", "20000", "ERP", NULL);
	won("G1", "Gamma", "2024-10-01", "1000", "CRM", NULL);
	won("D1", "Delta", "2026-06-01", "100", "ERP", "USD");
	won("E1", "Eps", "2026-07-01", "3000", NULL, NULL);
	free(ADD(&entity_opportunity, "name=Z1", "account=Zeta", "amount=500", "product_line=CRM"));
}

static void test_wallet(void)
{
	static const char *const order[] = { "Beta", "华为", "Eps", "Delta", "Gamma" };
	struct report_span span;
	struct wallet_report r;
	size_t i;

	report_span_parse("2025-11-24..2026-11-23", &span);
	is_int(report_wallet(db, &span, NULL, 5, &r), ST_OK, "the wallet report");
	is_int(r.nlines, 3, "three lines");
	if (r.nlines == 3) {
		is_str(r.lines[0].name, "CRM", "CRM");
		is_int(r.lines[0].buyers, 2, "CRM: 华为 and Gamma (two years back counts)");
		is_int(r.lines[0].deals, 1, "one CRM deal won in the period");
		is_int(r.lines[0].revenue, 500000, "5,000");
		is_str(r.lines[1].name, "ERP", "ERP");
		is_int(r.lines[1].buyers, 3, "ERP: 华为, Beta, Delta (in USD)");
		is_int(r.lines[1].deals, 3, "three ERP deals in the period");
		is_int(r.lines[1].revenue, 3000000, "30,000 (the USD deal not added)");
		is_int(r.lines[1].other, 1, "one in another currency");
		is_str(r.lines[2].name, "Hardware", "Hardware, from the catalogue");
		is_int(r.lines[2].buyers, 0, "no buyer");
	}
	is_int(r.ncustomers, 5, "five customers (Zeta has an open deal only)");
	for (i = 0; i < 5 && i < r.ncustomers; i++)
		is_str(r.customers[i].name, order[i], "customer %zu by revenue, then name", i + 1);
	if (r.ncustomers == 5) {
		is_int(r.customers[1].revenue, 1500000, "华为: 15,000");
		is_int(r.customers[1].nbought, 2, "华为 bought two lines");
		is_int(r.customers[4].bought[0], 1, "Gamma bought CRM");
		is_int(r.customers[4].bought[1], 0, "not ERP");
	}
	is_int(r.no_line, 1, "one deal of no line");
	is_int(r.other_currency, 1, "one in USD");
	is_int(r.npicks, 2, "two cross-sell proposals");
	if (r.npicks == 2) {
		is_str(r.lines[r.picks[0].line].name, "CRM", "first for CRM");
		is_str(r.customers[r.picks[0].customer].name, "Beta", "to Beta");
		is_int(r.picks[0].lookalike_buyers, 2, "2 look-alikes bought it");
		is_int(r.picks[0].group_size, 3, "of 3 Retail/A customers");
		is_int(r.picks[0].rate10, 666, "66.6%%");
		is_str(r.lines[r.picks[1].line].name, "ERP", "then ERP");
		is_str(r.customers[r.picks[1].customer].name, "Gamma", "to Gamma");
	}
	report_wallet_free(&r);
	is_int(report_wallet(db, &span, NULL, 0, &r), ST_OK, "--top 0");
	is_int(r.npicks, 0, "no proposals");
	report_wallet_free(&r);
}

static void test_account_and_output(void)
{
	struct report_args a = { 0 };
	struct report_output o = { 0 };
	struct report_scope_request req = { 0 };
	struct record *g = NULL;
	char *yes, *no, *text, *hw = NULL;

	if (ok(record_find(db, &entity_account, "Gamma", &g) == ST_OK, "Gamma")) {
		is_int(report_wallet_account(db, g->id, &yes, &no), ST_OK, "Gamma's lines");
		is_str(yes, "CRM", "bought CRM");
		is_str(no, "Hardware",
		       "not Hardware (the 360 view compares with the catalogue's lines)");
		free(yes);
		free(no);
	}
	record_free(&g);
	/* Without a line in the catalogue, every won deal's line counts. */
	{
		struct record *box = NULL;

		if (record_find(db, &entity_product, "Box", &box) == ST_OK)
			hw = xstrdup(box->id);
		record_free(&box);
	}
	ok(hw && record_delete(db, &entity_product, hw) == ST_OK, "the catalogue's line deleted");
	if (record_find(db, &entity_account, "Gamma", &g) == ST_OK &&
	    report_wallet_account(db, g->id, &yes, &no) == ST_OK) {
		is_str(yes, "CRM", "no catalogue: bought CRM");
		is_str(no, "ERP", "not ERP, another customer's line");
		free(yes);
		free(no);
	}
	record_free(&g);
	if (hw)
		record_undelete(db, &entity_product, hw);
	free(hw);
	report_span_parse("2025-11-24..2026-11-23", &a.span);
	report_scope_resolve(db, &req, &a.scope);
	is_int(report_run(db, &report_def_wallet, &a, &o), ST_OK, "report wallet");
	text = report_output_render(&o, REPORT_FORMAT_CSV);
	ok(strstr(text, "\r\nERP,3,60.0,3,30000.00\r\n") != NULL, "ERP's line: %s", text);
	ok(strstr(text, "\r\n华为,,Retail,A,15000.00,2,\"CRM, ERP\",Hardware,") != NULL,
	   "华为's wallet");
	ok(strstr(text, "\r\nCRM,1,Beta,,Retail,A,2,3,66.6,20000.00,") != NULL,
	   "CRM to Beta first");
	free(text);
	text = report_output_render(&o, REPORT_FORMAT_TABLE);
	ok(strstr(text, "1 deal won in the period in another currency than CNY") != NULL,
	   "a note counts the USD deal");
	ok(strstr(text, "1 deal won in the period names no product line") != NULL,
	   "and the deal of no line");
	free(text);
	report_output_free(&o);
	report_scope_free(&a.scope);
}

/* A deleted account's won deals make no customer and count in no line, and
 * the customers around it (sorted by id) keep theirs. */
static void test_deleted_account(void)
{
	struct report_span span;
	struct wallet_report r;
	char *id = ADD(&entity_account, "name=Omega", "industry=Retail", "segment=A");

	won("O1", "Omega", "2026-08-01", "7000", "ERP", NULL);
	won("O2", "Omega", "2026-09-01", "2000", "CRM", NULL);
	report_span_parse("2025-11-24..2026-11-23", &span);
	is_int(report_wallet(db, &span, NULL, 5, &r), ST_OK, "with Omega");
	is_int(r.ncustomers, 6, "Omega is a sixth customer");
	is_int(r.nlines > 1 ? r.lines[1].revenue : -1, 3700000, "ERP: 37,000 with Omega's 7,000");
	report_wallet_free(&r);
	ok(record_delete(db, &entity_account, id) == ST_OK, "Omega deleted");
	is_int(report_wallet(db, &span, NULL, 5, &r), ST_OK, "without Omega");
	is_int(r.ncustomers, 5, "five customers again");
	is_int(r.nlines > 1 ? (int64_t)r.lines[0].buyers : -1, 2,
	       "CRM: Omega's deal not a purchase");
	is_int(r.nlines > 1 ? (int64_t)r.lines[1].buyers : -1, 3, "ERP: three buyers");
	is_int(r.nlines > 1 ? (int64_t)r.lines[1].deals : -1, 3, "ERP: three deals");
	is_int(r.nlines > 1 ? r.lines[1].revenue : -1, 3000000, "ERP: 30,000");
	report_wallet_free(&r);
	free(id);
}

int main(void)
{
	setenv("TZ", "Asia/Shanghai", 1);
	setenv("SALESTERM_NOW", "2026-11-23T01:00:00Z", 1);
	if (db_open(":memory:", DB_CREATE, &db) != ST_OK) {
		printf("Bail out! %s\n", status_message());
		return 1;
	}
	setup();
	test_wallet();
	test_account_and_output();
	test_deleted_account();
	db_close(&db);
	return done_testing();
}
