package data

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestBadFixturesRussian is the validate golden in Russian: every problem
// of every bad fixture, its message translated, the FILE:LINE:COL: PATH:
// prefix as in English (testdata/bad-ru.want). A message left English
// fails the test.
func TestBadFixturesRussian(t *testing.T) {
	t.Parallel()
	var got strings.Builder
	latin := regexp.MustCompile(`\b(the|is|not|want|missing|must|a|an|of|in)\b`)
	for _, path := range badFixtures(t) {
		_, err := loadFixture(path)
		var errs Errors
		if !errors.As(err, &errs) {
			t.Fatalf("%s: want Errors, got %v", path, err)
		}
		ru := errs.Translated("ru")
		for i, p := range ru {
			en := errs[i]
			if p.File != en.File || p.Line != en.Line || p.Col != en.Col || p.Path != en.Path {
				t.Errorf("%s: the prefix changed: %s vs %s", path, p, en)
			}
			// English words outside quotes mean the message was not translated.
			// Hyphenated words of the format (in-operation) stay as written too.
			if rest := regexp.MustCompile(`"[^"]*"|\([^()]*known fields[^()]*\)|[a-z]+(-[a-z]+)+`).ReplaceAllString(regexp.MustCompile(`\S+\.json:\d+:\d+`).ReplaceAllString(p.Msg, ""), ""); p.Msg == en.Msg || latin.MatchString(rest) {
				t.Errorf("%s: not translated: %s", path, p.Msg)
			}
		}
		got.WriteString(ru.Error() + "\n")
	}
	const wantFile = "testdata/bad-ru.want"
	if *update {
		if err := os.WriteFile(wantFile, []byte(got.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(filepath.FromSlash(wantFile))
	if err != nil {
		t.Fatalf("%v (run go test ./data -run TestBadFixturesRussian -update, then review it)", err)
	}
	if got.String() != string(want) {
		t.Errorf("Russian problems differ (go test ./data -run TestBadFixturesRussian -update, then review it)\n got:\n%s", got.String())
	}
}

func TestPluralOfProblemsUnchangedInEnglish(t *testing.T) {
	t.Parallel()
	p := Problem{File: "a.json", Line: 1, Col: 2, Path: "$", Msg: "missing required field \"format\""}
	if p.Translated("en") != p {
		t.Error("English changed")
	}
	if got := p.Translated("ru").String(); got != `a.json:1:2: $: нет обязательного поля "format"` {
		t.Errorf("got %s", got)
	}
}

func TestSummaryInRussianCountsWithPluralForms(t *testing.T) {
	t.Parallel()
	for n, want := range map[int]string{1: "1 показатель", 2: "2 показателя", 5: "5 показателей", 11: "11 показателей", 21: "21 показатель", 23: "23 показателя", 67: "67 показателей"} {
		if got := countRU(n, "показатель", "показателя", "показателей"); got != want {
			t.Errorf("%d: %q, want %q", n, got, want)
		}
	}
	ds, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if s := ds.SummaryIn("ru"); !strings.Contains(s, "показател") || !strings.Contains(s, "источник") {
		t.Errorf("summary %q", s)
	}
}

// Messages no fixture produces, translated too.
func TestRussianMessagesBeyondFixtures(t *testing.T) {
	t.Parallel()
	for en, ru := range map[string]string{
		`unexpected character 'é', want a value`:                          `неожиданный символ 'é', нужно значение`,
		`unexpected control character '\x01', want "," or "]"`:            `неожиданный символ '\x01', нужно "," или "]"`,
		`unterminated string (a closing double quote is missing)`:         `строка не закрыта (не хватает закрывающей двойной кавычки)`,
		`string longer than 1048576 bytes (the limit; shorten it)`:        `строка длиннее 1048576 байт (это предел; сократите её)`,
		`duplicate language "en" (also at a.json:3:4; remove one)`:        `язык "en" повторяется (также в a.json:3:4; удалите один)`,
		`is empty (write a value, or remove the field if it is optional)`: `пусто (укажите значение или удалите необязательное поле)`,
		`12 more problems not shown; fix the ones above first`:            `ещё проблем, не показанных: 12; сначала исправьте показанные`,
	} {
		if got := msgRU(en); got != ru {
			t.Errorf("%s:\n got %s\nwant %s", en, got, ru)
		}
	}
}

// The patterns compile on first use (rule); a bad one must still fail a
// test, not a user's validate.
func TestRuRulesCompile(t *testing.T) {
	t.Parallel()
	for i, r := range ruRules {
		func() {
			defer func() {
				if p := recover(); p != nil {
					t.Errorf("rule %d: %v", i, p)
				}
			}()
			r.re()
		}()
	}
}
