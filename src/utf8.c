/* utf8.c - locale-independent UTF-8 decoding, display width and FTS5 helpers.
 *
 * The tables are sorted, non-overlapping ranges searched by binary search.
 * They were generated from the Unicode 14 UCD (East Asian Width and general
 * categories), merged across unassigned code points, with the Unicode 15
 * additions (CJK Extension H, new emoji and combining marks) added by hand,
 * and cross-checked against glibc's wcwidth().
 */
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "xalloc.h"

struct utf8_range {
	uint32_t lo;
	uint32_t hi;
};

/* clang-format off */
/* Zero-width: Mn, Me and Cf per Unicode 15 (except U+00AD and the visible prepended
 * concatenation marks such as U+0600-0605), plus Hangul medial and final jamo
 * (U+1160-11FF, U+D7B0-D7FF), which combine into the preceding syllable. */
static const struct utf8_range utf8_zero_ranges[] = {
	{0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x05BF, 0x05BF}, {0x05C1, 0x05C2},
	{0x05C4, 0x05C5}, {0x05C7, 0x05C7}, {0x0610, 0x061A}, {0x061C, 0x061C}, {0x064B, 0x065F},
	{0x0670, 0x0670}, {0x06D6, 0x06DC}, {0x06DF, 0x06E4}, {0x06E7, 0x06E8}, {0x06EA, 0x06ED},
	{0x0711, 0x0711}, {0x0730, 0x074A}, {0x07A6, 0x07B0}, {0x07EB, 0x07F3}, {0x07FD, 0x07FD},
	{0x0816, 0x0819}, {0x081B, 0x0823}, {0x0825, 0x0827}, {0x0829, 0x082D}, {0x0859, 0x085B},
	{0x0892, 0x089F}, {0x08CA, 0x08E1}, {0x08E3, 0x0902}, {0x093A, 0x093A}, {0x093C, 0x093C},
	{0x0941, 0x0948}, {0x094D, 0x094D}, {0x0951, 0x0957}, {0x0962, 0x0963}, {0x0981, 0x0981},
	{0x09BC, 0x09BC}, {0x09C1, 0x09C4}, {0x09CD, 0x09CD}, {0x09E2, 0x09E3}, {0x09FE, 0x0A02},
	{0x0A3C, 0x0A3C}, {0x0A41, 0x0A51}, {0x0A70, 0x0A71}, {0x0A75, 0x0A75}, {0x0A81, 0x0A82},
	{0x0ABC, 0x0ABC}, {0x0AC1, 0x0AC8}, {0x0ACD, 0x0ACD}, {0x0AE2, 0x0AE3}, {0x0AFA, 0x0B01},
	{0x0B3C, 0x0B3C}, {0x0B3F, 0x0B3F}, {0x0B41, 0x0B44}, {0x0B4D, 0x0B56}, {0x0B62, 0x0B63},
	{0x0B82, 0x0B82}, {0x0BC0, 0x0BC0}, {0x0BCD, 0x0BCD}, {0x0C00, 0x0C00}, {0x0C04, 0x0C04},
	{0x0C3C, 0x0C3C}, {0x0C3E, 0x0C40}, {0x0C46, 0x0C56}, {0x0C62, 0x0C63}, {0x0C81, 0x0C81},
	{0x0CBC, 0x0CBC}, {0x0CBF, 0x0CBF}, {0x0CC6, 0x0CC6}, {0x0CCC, 0x0CCD}, {0x0CE2, 0x0CE3},
	{0x0D00, 0x0D01}, {0x0D3B, 0x0D3C}, {0x0D41, 0x0D44}, {0x0D4D, 0x0D4D}, {0x0D62, 0x0D63},
	{0x0D81, 0x0D81}, {0x0DCA, 0x0DCA}, {0x0DD2, 0x0DD6}, {0x0E31, 0x0E31}, {0x0E34, 0x0E3A},
	{0x0E47, 0x0E4E}, {0x0EB1, 0x0EB1}, {0x0EB4, 0x0EBC}, {0x0EC8, 0x0ECE}, {0x0F18, 0x0F19},
	{0x0F35, 0x0F35}, {0x0F37, 0x0F37}, {0x0F39, 0x0F39}, {0x0F71, 0x0F7E}, {0x0F80, 0x0F84},
	{0x0F86, 0x0F87}, {0x0F8D, 0x0FBC}, {0x0FC6, 0x0FC6}, {0x102D, 0x1030}, {0x1032, 0x1037},
	{0x1039, 0x103A}, {0x103D, 0x103E}, {0x1058, 0x1059}, {0x105E, 0x1060}, {0x1071, 0x1074},
	{0x1082, 0x1082}, {0x1085, 0x1086}, {0x108D, 0x108D}, {0x109D, 0x109D}, {0x1160, 0x11FF},
	{0x135D, 0x135F}, {0x1712, 0x1714}, {0x1732, 0x1733}, {0x1752, 0x1753}, {0x1772, 0x1773},
	{0x17B4, 0x17B5}, {0x17B7, 0x17BD}, {0x17C6, 0x17C6}, {0x17C9, 0x17D3}, {0x17DD, 0x17DD},
	{0x180B, 0x180F}, {0x1885, 0x1886}, {0x18A9, 0x18A9}, {0x1920, 0x1922}, {0x1927, 0x1928},
	{0x1932, 0x1932}, {0x1939, 0x193B}, {0x1A17, 0x1A18}, {0x1A1B, 0x1A1B}, {0x1A56, 0x1A56},
	{0x1A58, 0x1A60}, {0x1A62, 0x1A62}, {0x1A65, 0x1A6C}, {0x1A73, 0x1A7F}, {0x1AB0, 0x1ACE},
	{0x1B00, 0x1B03}, {0x1B34, 0x1B34}, {0x1B36, 0x1B3A}, {0x1B3C, 0x1B3C}, {0x1B42, 0x1B42},
	{0x1B6B, 0x1B73}, {0x1B80, 0x1B81}, {0x1BA2, 0x1BA5}, {0x1BA8, 0x1BA9}, {0x1BAB, 0x1BAD},
	{0x1BE6, 0x1BE6}, {0x1BE8, 0x1BE9}, {0x1BED, 0x1BED}, {0x1BEF, 0x1BF1}, {0x1C2C, 0x1C33},
	{0x1C36, 0x1C37}, {0x1CD0, 0x1CD2}, {0x1CD4, 0x1CE0}, {0x1CE2, 0x1CE8}, {0x1CED, 0x1CED},
	{0x1CF4, 0x1CF4}, {0x1CF8, 0x1CF9}, {0x1DC0, 0x1DFF}, {0x200B, 0x200F}, {0x202A, 0x202E},
	{0x2060, 0x206F}, {0x20D0, 0x20F0}, {0x2CEF, 0x2CF1}, {0x2D7F, 0x2D7F}, {0x2DE0, 0x2DFF},
	{0x302A, 0x302D}, {0x3099, 0x309A}, {0xA66F, 0xA672}, {0xA674, 0xA67D}, {0xA69E, 0xA69F},
	{0xA6F0, 0xA6F1}, {0xA802, 0xA802}, {0xA806, 0xA806}, {0xA80B, 0xA80B}, {0xA825, 0xA826},
	{0xA82C, 0xA82C}, {0xA8C4, 0xA8C5}, {0xA8E0, 0xA8F1}, {0xA8FF, 0xA8FF}, {0xA926, 0xA92D},
	{0xA947, 0xA951}, {0xA980, 0xA982}, {0xA9B3, 0xA9B3}, {0xA9B6, 0xA9B9}, {0xA9BC, 0xA9BD},
	{0xA9E5, 0xA9E5}, {0xAA29, 0xAA2E}, {0xAA31, 0xAA32}, {0xAA35, 0xAA36}, {0xAA43, 0xAA43},
	{0xAA4C, 0xAA4C}, {0xAA7C, 0xAA7C}, {0xAAB0, 0xAAB0}, {0xAAB2, 0xAAB4}, {0xAAB7, 0xAAB8},
	{0xAABE, 0xAABF}, {0xAAC1, 0xAAC1}, {0xAAEC, 0xAAED}, {0xAAF6, 0xAAF6}, {0xABE5, 0xABE5},
	{0xABE8, 0xABE8}, {0xABED, 0xABED}, {0xD7B0, 0xD7FB}, {0xFB1E, 0xFB1E}, {0xFE00, 0xFE0F},
	{0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF}, {0xFFF9, 0xFFFB}, {0x101FD, 0x101FD},
	{0x102E0, 0x102E0}, {0x10376, 0x1037A}, {0x10A01, 0x10A0F}, {0x10A38, 0x10A3F},
	{0x10AE5, 0x10AE6}, {0x10D24, 0x10D27}, {0x10EAB, 0x10EAC}, {0x10EFD, 0x10EFF},
	{0x10F46, 0x10F50}, {0x10F82, 0x10F85}, {0x11001, 0x11001}, {0x11038, 0x11046},
	{0x11070, 0x11070}, {0x11073, 0x11074}, {0x1107F, 0x11081}, {0x110B3, 0x110B6},
	{0x110B9, 0x110BA}, {0x110C2, 0x110CC}, {0x11100, 0x11102}, {0x11127, 0x1112B},
	{0x1112D, 0x11134}, {0x11173, 0x11173}, {0x11180, 0x11181}, {0x111B6, 0x111BE},
	{0x111C9, 0x111CC}, {0x111CF, 0x111CF}, {0x1122F, 0x11231}, {0x11234, 0x11234},
	{0x11236, 0x11237}, {0x1123E, 0x1123E}, {0x11241, 0x11241}, {0x112DF, 0x112DF},
	{0x112E3, 0x112EA}, {0x11300, 0x11301}, {0x1133B, 0x1133C}, {0x11340, 0x11340},
	{0x11366, 0x11374}, {0x11438, 0x1143F}, {0x11442, 0x11444}, {0x11446, 0x11446},
	{0x1145E, 0x1145E}, {0x114B3, 0x114B8}, {0x114BA, 0x114BA}, {0x114BF, 0x114C0},
	{0x114C2, 0x114C3}, {0x115B2, 0x115B5}, {0x115BC, 0x115BD}, {0x115BF, 0x115C0},
	{0x115DC, 0x115DD}, {0x11633, 0x1163A}, {0x1163D, 0x1163D}, {0x1163F, 0x11640},
	{0x116AB, 0x116AB}, {0x116AD, 0x116AD}, {0x116B0, 0x116B5}, {0x116B7, 0x116B7},
	{0x1171D, 0x1171F}, {0x11722, 0x11725}, {0x11727, 0x1172B}, {0x1182F, 0x11837},
	{0x11839, 0x1183A}, {0x1193B, 0x1193C}, {0x1193E, 0x1193E}, {0x11943, 0x11943},
	{0x119D4, 0x119DB}, {0x119E0, 0x119E0}, {0x11A01, 0x11A0A}, {0x11A33, 0x11A38},
	{0x11A3B, 0x11A3E}, {0x11A47, 0x11A47}, {0x11A51, 0x11A56}, {0x11A59, 0x11A5B},
	{0x11A8A, 0x11A96}, {0x11A98, 0x11A99}, {0x11C30, 0x11C3D}, {0x11C3F, 0x11C3F},
	{0x11C92, 0x11CA7}, {0x11CAA, 0x11CB0}, {0x11CB2, 0x11CB3}, {0x11CB5, 0x11CB6},
	{0x11D31, 0x11D45}, {0x11D47, 0x11D47}, {0x11D90, 0x11D91}, {0x11D95, 0x11D95},
	{0x11D97, 0x11D97}, {0x11EF3, 0x11EF4}, {0x11F00, 0x11F01}, {0x11F36, 0x11F3A},
	{0x11F40, 0x11F40}, {0x11F42, 0x11F42}, {0x13430, 0x13440}, {0x13447, 0x13455},
	{0x16AF0, 0x16AF4}, {0x16B30, 0x16B36}, {0x16F4F, 0x16F4F}, {0x16F8F, 0x16F92},
	{0x16FE4, 0x16FE4}, {0x1BC9D, 0x1BC9E}, {0x1BCA0, 0x1BCA3}, {0x1CF00, 0x1CF46},
	{0x1D167, 0x1D169}, {0x1D173, 0x1D182}, {0x1D185, 0x1D18B}, {0x1D1AA, 0x1D1AD},
	{0x1D242, 0x1D244}, {0x1DA00, 0x1DA36}, {0x1DA3B, 0x1DA6C}, {0x1DA75, 0x1DA75},
	{0x1DA84, 0x1DA84}, {0x1DA9B, 0x1DAAF}, {0x1E000, 0x1E02A}, {0x1E08F, 0x1E08F},
	{0x1E130, 0x1E136}, {0x1E2AE, 0x1E2AE}, {0x1E2EC, 0x1E2EF}, {0x1E4EC, 0x1E4EF},
	{0x1E8D0, 0x1E8D6}, {0x1E944, 0x1E94A}, {0xE0001, 0xE007F}, {0xE0100, 0xE01EF},
};

/* East Asian Width W and F per Unicode 15; the ideographic planes 2 and 3 are wide
 * as a whole, as are unassigned gaps inside wide blocks. */
static const struct utf8_range utf8_wide_ranges[] = {
	{0x1100, 0x115F}, {0x231A, 0x231B}, {0x2329, 0x232A}, {0x23E9, 0x23EC}, {0x23F0, 0x23F0},
	{0x23F3, 0x23F3}, {0x25FD, 0x25FE}, {0x2614, 0x2615}, {0x2648, 0x2653}, {0x267F, 0x267F},
	{0x2693, 0x2693}, {0x26A1, 0x26A1}, {0x26AA, 0x26AB}, {0x26BD, 0x26BE}, {0x26C4, 0x26C5},
	{0x26CE, 0x26CE}, {0x26D4, 0x26D4}, {0x26EA, 0x26EA}, {0x26F2, 0x26F3}, {0x26F5, 0x26F5},
	{0x26FA, 0x26FA}, {0x26FD, 0x26FD}, {0x2705, 0x2705}, {0x270A, 0x270B}, {0x2728, 0x2728},
	{0x274C, 0x274C}, {0x274E, 0x274E}, {0x2753, 0x2755}, {0x2757, 0x2757}, {0x2795, 0x2797},
	{0x27B0, 0x27B0}, {0x27BF, 0x27BF}, {0x2B1B, 0x2B1C}, {0x2B50, 0x2B50}, {0x2B55, 0x2B55},
	{0x2E80, 0x303E}, {0x3041, 0x3247}, {0x3250, 0x4DBF}, {0x4E00, 0xA4C6}, {0xA960, 0xA97C},
	{0xAC00, 0xD7A3}, {0xF900, 0xFAFF}, {0xFE10, 0xFE19}, {0xFE30, 0xFE6B}, {0xFF01, 0xFF60},
	{0xFFE0, 0xFFE6}, {0x16FE0, 0x1B2FB}, {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF},
	{0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A}, {0x1F200, 0x1F320}, {0x1F32D, 0x1F335},
	{0x1F337, 0x1F37C}, {0x1F37E, 0x1F393}, {0x1F3A0, 0x1F3CA}, {0x1F3CF, 0x1F3D3},
	{0x1F3E0, 0x1F3F0}, {0x1F3F4, 0x1F3F4}, {0x1F3F8, 0x1F43E}, {0x1F440, 0x1F440},
	{0x1F442, 0x1F4FC}, {0x1F4FF, 0x1F53D}, {0x1F54B, 0x1F54E}, {0x1F550, 0x1F567},
	{0x1F57A, 0x1F57A}, {0x1F595, 0x1F596}, {0x1F5A4, 0x1F5A4}, {0x1F5FB, 0x1F64F},
	{0x1F680, 0x1F6C5}, {0x1F6CC, 0x1F6CC}, {0x1F6D0, 0x1F6D2}, {0x1F6D5, 0x1F6DF},
	{0x1F6EB, 0x1F6EC}, {0x1F6F4, 0x1F6FC}, {0x1F7E0, 0x1F7F0}, {0x1F90C, 0x1F93A},
	{0x1F93C, 0x1F945}, {0x1F947, 0x1F9FF}, {0x1FA70, 0x1FAFF}, {0x20000, 0x2FFFD},
	{0x30000, 0x3FFFD},
};

/* Scripts written without spaces between words: see utf8_is_cjk(). */
static const struct utf8_range utf8_cjk_ranges[] = {
	{0x3005, 0x3007}, {0x3041, 0x3096}, {0x309D, 0x309F}, {0x30A1, 0x30FA}, {0x30FC, 0x30FF},
	{0x3105, 0x312F}, {0x31A0, 0x31BF}, {0x31F0, 0x31FF}, {0x3400, 0x4DBF}, {0x4E00, 0x9FFF},
	{0xAC00, 0xD7A3}, {0xF900, 0xFAFF}, {0xFF66, 0xFF9F}, {0x1B000, 0x1B16F},
	{0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

/* Code points >= U+0080 that unicode61 treats as separators (punctuation, symbols,
 * spaces), so a query run made only of them would be an empty phrase. Not complete:
 * anything not listed counts as a letter. */
static const struct utf8_range fts_sep_ranges[] = {
	{0x00A0, 0x00A9}, {0x00AB, 0x00B1}, {0x00B4, 0x00B4}, {0x00B6, 0x00B8}, {0x00BB, 0x00BB},
	{0x00BF, 0x00BF}, {0x00D7, 0x00D7}, {0x00F7, 0x00F7}, {0x1680, 0x1680}, {0x2000, 0x206F},
	{0x207A, 0x207E}, {0x208A, 0x208E}, {0x20A0, 0x20CF}, {0x2100, 0x2101}, {0x2103, 0x2106},
	{0x2108, 0x2109}, {0x2114, 0x2114}, {0x2116, 0x2118}, {0x211E, 0x2123}, {0x2125, 0x2125},
	{0x2127, 0x2127}, {0x2129, 0x2129}, {0x212E, 0x212E}, {0x213A, 0x213B}, {0x2140, 0x2144},
	{0x214A, 0x214D}, {0x214F, 0x214F}, {0x218A, 0x245F}, {0x249C, 0x24E9}, {0x2500, 0x2775},
	{0x2794, 0x2BFF}, {0x2E00, 0x2E2E}, {0x2E30, 0x3004}, {0x3008, 0x3020}, {0x3030, 0x3030},
	{0x3036, 0x3037}, {0x303D, 0x303F}, {0x30A0, 0x30A0}, {0x30FB, 0x30FB}, {0xFE10, 0xFE19},
	{0xFE30, 0xFE6B}, {0xFF01, 0xFF0F}, {0xFF1A, 0xFF20}, {0xFF3B, 0xFF40}, {0xFF5B, 0xFF65},
	{0xFFE0, 0xFFEE}, {0x1F000, 0x1F0FF}, {0x1F10D, 0x1FAFF},
};

/* clang-format on */

#define RANGES_LEN(a) (sizeof(a) / sizeof((a)[0]))

static bool ranges_find(const struct utf8_range *r, size_t n, uint32_t cp)
{
	size_t lo = 0, hi = n;

	if (n == 0 || cp < r[0].lo || cp > r[n - 1].hi)
		return false;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cp > r[mid].hi)
			lo = mid + 1;
		else if (cp < r[mid].lo)
			hi = mid;
		else
			return true;
	}
	return false;
}

static bool utf8_is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

/* Bidirectional formatting characters: the marks (ALM, LRM, RLM), the
 * embeddings and overrides (LRE RLE PDF LRO RLO) and the isolates (LRI RLI
 * FSI PDI). They reorder the text around them on a terminal that applies
 * the bidi algorithm, so text can show other than it reads ("Trojan
 * Source"); in names and messages they carry nothing that is needed. */
static bool utf8_is_bidi(uint32_t cp)
{
	return cp == 0x061c || cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

/* Decode one code point; returns bytes consumed (1..4) or -1 if invalid. */
int utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned char lo = 0x80, hi = 0xbf;
	uint32_t c;
	size_t n, i;

	if (s == NULL || len == 0)
		return -1;
	if (u[0] < 0x80) {
		if (cp)
			*cp = u[0];
		return 1;
	}
	/* RFC 3629 table: the second byte's range excludes overlongs,
	 * surrogates and code points above U+10FFFF. */
	if (u[0] >= 0xc2 && u[0] <= 0xdf) {
		n = 2;
		c = u[0] & 0x1f;
	} else if (u[0] >= 0xe0 && u[0] <= 0xef) {
		n = 3;
		c = u[0] & 0x0f;
		if (u[0] == 0xe0)
			lo = 0xa0;
		else if (u[0] == 0xed)
			hi = 0x9f;
	} else if (u[0] >= 0xf0 && u[0] <= 0xf4) {
		n = 4;
		c = u[0] & 0x07;
		if (u[0] == 0xf0)
			lo = 0x90;
		else if (u[0] == 0xf4)
			hi = 0x8f;
	} else {
		return -1;
	}
	if (len < n)
		return -1;
	if (u[1] < lo || u[1] > hi)
		return -1;
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return -1;
		c = (c << 6) | (u[i] & 0x3f);
	}
	if (cp)
		*cp = c;
	return (int)n;
}

/* True if s[0..len) is strict UTF-8. */
bool utf8_valid(const char *s, size_t len)
{
	size_t i = 0;

	if (s == NULL)
		return len == 0;
	while (i < len) {
		int n = utf8_decode(s + i, len - i, NULL);

		if (n < 0)
			return false;
		i += (size_t)n;
	}
	return true;
}

/* NULL if s is acceptable user text, else a static reason string. */
const char *utf8_check_text(const char *s, bool multiline)
{
	size_t len, i = 0;

	if (s == NULL)
		return NULL;
	len = strlen(s);
	if (!utf8_valid(s, len))
		return "is not valid UTF-8";
	while (i < len) {
		uint32_t cp;
		int n = utf8_decode(s + i, len - i, &cp);

		if (utf8_is_control(cp)) {
			bool allowed = multiline && (cp == '\n' || cp == '\t' ||
						     (cp == '\r' && s[i + 1] == '\n'));

			if (!allowed)
				return "contains a control character";
		}
		i += (size_t)n;
	}
	return NULL;
}

/* Display columns of cp: 0, 1 or 2. */
int utf8_cp_width(uint32_t cp)
{
	if (utf8_is_control(cp))
		return 0;
	if (cp < 0x300)
		return 1;
	/* The CJK Unified Ideographs, most of any Chinese text: wide, without
	 * the searches (no zero-width range reaches into them). */
	if (cp >= 0x4e00 && cp <= 0x9fff)
		return 2;
	if (ranges_find(utf8_zero_ranges, RANGES_LEN(utf8_zero_ranges), cp))
		return 0;
	if (ranges_find(utf8_wide_ranges, RANGES_LEN(utf8_wide_ranges), cp))
		return 2;
	return 1;
}

/* True for Han, kana, Hangul syllables and Bopomofo. */
bool utf8_is_cjk(uint32_t cp)
{
	return ranges_find(utf8_cjk_ranges, RANGES_LEN(utf8_cjk_ranges), cp);
}

/* A byte glyph_next() would show as itself in one column: the common case,
 * taken without decoding. */
static bool is_printable_ascii(char c)
{
	return (unsigned char)c >= 0x20 && (unsigned char)c < 0x7f;
}

/* One displayed unit: the bytes to print and the columns they take. */
struct glyph {
	const char *p;
	size_t n;
	int w;
};

/* Read the glyph at s (len bytes left, len > 0) into *g; returns the number
 * of input bytes it stands for. */
static size_t glyph_next(const char *s, size_t len, struct glyph *g)
{
	uint32_t cp;
	int n = utf8_decode(s, len, &cp);

	if (n < 0) {
		g->p = "?";
		g->n = 1;
		g->w = 1;
		return 1;
	}
	if (utf8_is_control(cp)) {
		g->p = " ";
		g->n = 1;
		g->w = 1;
		return (size_t)n;
	}
	if (utf8_is_bidi(cp)) {
		g->p = "";
		g->n = 0;
		g->w = 0;
		return (size_t)n;
	}
	g->p = s;
	g->n = (size_t)n;
	g->w = utf8_cp_width(cp);
	return (size_t)n;
}

/* Display columns of s as utf8_fit() shows it. */
int utf8_width(const char *s)
{
	size_t len, i = 0;
	int w = 0;

	if (s == NULL)
		return 0;
	len = strlen(s);
	while (i < len) {
		struct glyph g;

		if (is_printable_ascii(s[i])) {
			i++;
			w++;
			continue;
		}
		i += glyph_next(s + i, len - i, &g);
		w += g.w;
	}
	return w;
}

int utf8_width_plain(const char *s, size_t len, bool *plain)
{
	size_t i = 0;
	int w = 0;

	*plain = true;
	while (i < len) {
		struct glyph g;
		size_t n;

		if (is_printable_ascii(s[i])) {
			i++;
			w++;
			continue;
		}
		n = glyph_next(s + i, len - i, &g);

		if (g.p != s + i || g.n != n)
			*plain = false;
		i += n;
		w += g.w;
	}
	return w;
}

/* Shared body of utf8_fit(), utf8_fit_right() and utf8_clip(). */
static char *utf8_render(const char *s, int cols, bool pad, bool right)
{
	size_t len, i = 0, o = 0;
	int total, limit, w = 0, npad = 0;
	bool clipped;
	char *out;

	if (cols <= 0)
		return xstrdup("");
	if (s == NULL)
		s = "";
	len = strlen(s);
	total = utf8_width(s);
	clipped = total > cols;
	if (pad && !clipped)
		npad = cols - total;
	/* Each input byte yields at most one output byte; add the straddle
	 * filler, the '~' and the padding. */
	out = xmalloc(len + (size_t)npad + 3);
	if (right) {
		memset(out, ' ', (size_t)npad);
		o = (size_t)npad;
	}
	limit = clipped ? cols - 1 : cols;
	while (i < len) {
		struct glyph g;
		size_t n = glyph_next(s + i, len - i, &g);

		if (w + g.w > limit)
			break;
		memcpy(out + o, g.p, g.n);
		o += g.n;
		w += g.w;
		i += n;
	}
	if (clipped) {
		/* A wide character did not fit: fill its first half. */
		while (w < limit) {
			out[o++] = ' ';
			w++;
		}
		out[o++] = '~';
	}
	if (!right && npad > 0) {
		memset(out + o, ' ', (size_t)npad);
		o += (size_t)npad;
	}
	out[o] = '\0';
	return out;
}

/* s padded or clipped to exactly cols columns. Caller frees. */
char *utf8_fit(const char *s, int cols)
{
	return utf8_render(s, cols, true, false);
}

/* s right-aligned in exactly cols columns. Caller frees. */
char *utf8_fit_right(const char *s, int cols)
{
	return utf8_render(s, cols, true, true);
}

/* s clipped to at most cols columns, no padding. Caller frees. */
char *utf8_clip(const char *s, int cols)
{
	return utf8_render(s, cols, false, false);
}

/* A combining mark or zero-width format character (not a control). */
static bool utf8_is_mark(uint32_t cp)
{
	return !utf8_is_control(cp) && utf8_cp_width(cp) == 0;
}

/* s with every CJK character made its own FTS5 token. Caller frees. */
char *utf8_fts_text(const char *s)
{
	struct strbuf b = STRBUF_INIT;
	size_t len, i = 0;
	bool after_cjk = false;

	if (s == NULL)
		return NULL;
	len = strlen(s);
	while (i < len) {
		uint32_t cp;
		int n = utf8_decode(s + i, len - i, &cp);

		if (n < 0) {
			/* Keep invalid bytes as they are; they only end a CJK token. */
			n = 1;
			cp = 0xfffd;
		}
		if (utf8_is_cjk(cp)) {
			if (b.len > 0 && b.s[b.len - 1] != ' ')
				strbuf_addc(&b, ' ');
			after_cjk = true;
		} else if (after_cjk && utf8_is_mark(cp)) {
			/* Stays attached to the CJK character before it. */
		} else {
			if (after_cjk && cp != ' ')
				strbuf_addc(&b, ' ');
			after_cjk = false;
		}
		strbuf_add(&b, s + i, (size_t)n);
		i += (size_t)n;
	}
	return strbuf_detach(&b);
}

/* Whitespace that separates search terms (controls included). */
static bool fts_is_space(uint32_t cp)
{
	return cp == ' ' || utf8_is_control(cp) || cp == 0xa0 || cp == 0x1680 ||
	       (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028 || cp == 0x2029 || cp == 0x202f ||
	       cp == 0x205f || cp == 0x3000;
}

/* Would the unicode61 tokenizer keep cp as part of a token? ASCII letters
 * and digits, and any other non-CJK code point that is neither a known
 * separator nor a combining mark. */
static bool fts_is_letter(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') ||
		       (cp >= 'a' && cp <= 'z');
	if (utf8_is_mark(cp) || utf8_is_control(cp))
		return false;
	return !ranges_find(fts_sep_ranges, RANGES_LEN(fts_sep_ranges), cp);
}

/* Append the query piece for the run s[0..len) to q (joined by " AND "). */
static void fts_add_run(struct strbuf *q, const char *s, size_t len, bool cjk)
{
	size_t i = 0;
	bool letter = false;

	if (len == 0)
		return;
	if (!cjk) {
		while (i < len && !letter) {
			uint32_t cp;
			int n = utf8_decode(s + i, len - i, &cp);

			letter = fts_is_letter(cp);
			i += (size_t)n;
		}
		if (!letter)
			return;
	}
	if (q->len > 0)
		strbuf_add(q, " AND ", 5);
	strbuf_addc(q, '"');
	for (i = 0; i < len;) {
		uint32_t cp;
		int n = utf8_decode(s + i, len - i, &cp);

		if (cjk && i > 0 && utf8_is_cjk(cp))
			strbuf_addc(q, ' ');
		else if (cp == '"')
			strbuf_addc(q, '"');
		strbuf_add(q, s + i, (size_t)n);
		i += (size_t)n;
	}
	strbuf_add(q, cjk ? "\"" : "\"*", cjk ? 1 : 2);
}

/* FTS5 MATCH expression for a search box, or NULL if nothing searchable. Caller frees. */
char *utf8_fts_query(const char *input)
{
	struct strbuf q = STRBUF_INIT;
	size_t len, i = 0, start = 0;
	bool in_run = false, run_cjk = false;

	if (input == NULL)
		return NULL;
	len = strlen(input);
	if (!utf8_valid(input, len))
		return NULL;
	while (i < len) {
		uint32_t cp;
		int n = utf8_decode(input + i, len - i, &cp);

		if (fts_is_space(cp)) {
			if (in_run)
				fts_add_run(&q, input + start, i - start, run_cjk);
			in_run = false;
		} else {
			bool cjk = utf8_is_cjk(cp);

			/* A combining mark joins whatever run it follows. */
			if (in_run && cjk != run_cjk && !utf8_is_mark(cp)) {
				fts_add_run(&q, input + start, i - start, run_cjk);
				in_run = false;
			}
			if (!in_run) {
				in_run = true;
				run_cjk = cjk;
				start = i;
			}
		}
		i += (size_t)n;
	}
	if (in_run)
		fts_add_run(&q, input + start, len - start, run_cjk);
	return q.s; /* NULL if nothing was added */
}

char *utf8_sanitize(const char *s, size_t max, bool multiline)
{
	struct strbuf b = STRBUF_INIT;
	size_t len, i = 0;

	if (s == NULL)
		return NULL;
	len = strlen(s);
	while (i < len) {
		uint32_t cp = 0;
		int n = utf8_decode(s + i, len - i, &cp);
		const char *out = s + i;
		size_t nout = n > 0 ? (size_t)n : 0;

		if (n < 0) {
			out = "?";
			nout = 1;
			n = 1;
		} else if (cp == '\n' || cp == '\t') {
			out = multiline ? s + i : " ";
			nout = 1;
		} else if (cp == '\r' && s[i + 1] == '\n') {
			out = multiline ? "" : " ";
			nout = multiline ? 0 : 1;
			if (!multiline)
				n = 2; /* one space for the pair */
		} else if (utf8_is_control(cp)) {
			out = cp == '\r' || cp == '\v' || cp == '\f' ? " " : "?";
			nout = 1;
		} else if (utf8_is_bidi(cp)) {
			nout = 0;
		}
		if (max && b.len + nout > max)
			break; /* cut before a whole character that does not fit */
		strbuf_add(&b, out, nout);
		i += (size_t)n;
	}
	return strbuf_detach(&b);
}
