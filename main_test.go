package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"
)

// cli runs the command line in-process and returns status, stdout, stderr.
func cli(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const goodDoc = `{
  "format": "eaeu-indicators/1",
  "title": "Test",
  "sources": [{"id": "s1", "title": "A source", "publisher": "Pub"}],
  "entities": [{"id": "KZ", "name": {"en": "Kazakhstan", "ru": "Казахстан"}, "kind": "member"}],
  "indicators": [{
    "id": "rail-transit", "name": "Rail transit", "topic": "transit", "unit": "Mt",
    "series": [{"entity": "KZ", "points": [
      {"period": "2021", "value": 20.9, "status": "actual", "source": "s1"},
      {"period": "2024", "value": 27.4, "status": "actual", "source": "s1"},
      {"period": "2029", "value": 67, "status": "target", "source": "s1"}
    ]}]
  }]
}
`

func TestValidateEmbedded(t *testing.T) {
	code, out, errs := cli(t, "validate")
	if code != 0 {
		t.Fatalf("validate of the embedded dataset: exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
	if !strings.Contains(out, "embedded dataset: ok:") || !strings.Contains(out, "indicators") {
		t.Fatalf("summary line missing: %q", out)
	}
}

func TestValidateGoodAndBad(t *testing.T) {
	good := writeFile(t, "good.json", goodDoc)
	if code, out, errs := cli(t, "validate", good); code != 0 || !strings.Contains(out, "1 indicators") && !strings.Contains(out, "1 indicator") {
		t.Fatalf("good file: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	bad := writeFile(t, "bad.json", strings.Replace(goodDoc, `"2024"`, `"2024-13"`, 1))
	code, out, errs := cli(t, "validate", bad)
	if code != 1 {
		t.Fatalf("bad file: exit %d, want 1 (stdout %q)", code, out)
	}
	want := bad + ":10:18: indicators[0].series[0].points[1].period:"
	if !strings.Contains(errs, want) {
		t.Fatalf("stderr lacks the positioned error %q:\n%s", want, errs)
	}
}

func TestUsageErrorsExit2(t *testing.T) {
	for _, args := range [][]string{
		{"--no-such-flag"},
		{"validate", "--bogus"},
		{"export"},
		{"export", "--format", "xml"},
		{"render", "--view", "nowhere"},
		{"render", "--size", "12by3"},
		{"--color", "sometimes", "validate"},
		{"--lang", "fr", "validate"},
		{"render", "extra-arg"},
	} {
		code, _, errs := cli(t, args...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2 (stderr %q)", args, code, errs)
		}
		if !strings.Contains(errs, "Usage:") {
			t.Errorf("%v: stderr has no usage:\n%s", args, errs)
		}
	}
}

func TestExportCSV(t *testing.T) {
	good := writeFile(t, "good.json", goodDoc)
	code, out, errs := cli(t, "export", "--format", "csv", "--data", good)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if lines[0] != "indicator,entity,period,value,unit,status,source,note" || len(lines) != 4 {
		t.Fatalf("csv:\n%s", out)
	}
	if !strings.HasPrefix(lines[3], "rail-transit,KZ,2029,67,Mt,target,s1") {
		t.Fatalf("target row: %q", lines[3])
	}
	if code, _, _ := cli(t, "export", "--format", "csv", "--data", good, "--indicator", "nope"); code != 1 {
		t.Fatalf("unknown indicator: exit %d, want 1", code)
	}
}

func TestRenderIsExactlyTheSize(t *testing.T) {
	for _, view := range []string{"overview", "charts", "table", "detail", "sources", "events"} {
		code, out, errs := cli(t, "render", "--view", view, "--size", "100x30")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", view, code, errs)
		}
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if len(lines) != 30 {
			t.Fatalf("%s: %d lines, want 30", view, len(lines))
		}
		for i, l := range lines {
			if w := ansi.StringWidth(l); w != 100 {
				t.Fatalf("%s: line %d is %d wide, want 100: %q", view, i+1, w, l)
			}
		}
	}
}

func TestRenderSVG(t *testing.T) {
	code, out, errs := cli(t, "render", "--view", "overview", "--size", "80x24", "--format", "svg")
	if code != 0 || !strings.HasPrefix(out, "<svg") || strings.Count(out, "<text") != 24 {
		t.Fatalf("exit %d, stderr %q, svg:\n%.300s", code, errs, out)
	}
	// Colours and bold come through, on the dark background by default.
	if !strings.Contains(out, `fill="#1c1c1c"`) || !strings.Contains(out, `fill="#56b`) || !strings.Contains(out, `font-weight="bold"`) {
		t.Errorf("the SVG lacks the dark background, the accent colour or bold:\n%.600s", out)
	}
	_, light, _ := cli(t, "render", "--view", "overview", "--size", "80x24", "--format", "svg", "--background", "light")
	if !strings.Contains(light, `fill="#ffffff"`) || !strings.Contains(light, `fill="#005f8`) {
		t.Errorf("--background light: no white background or light accent:\n%.600s", light)
	}
	_, grey, _ := cli(t, "--color", "never", "render", "--view", "overview", "--size", "80x24", "--format", "svg")
	if strings.Contains(grey, `fill="#56b`) {
		t.Errorf("--color never still draws colours")
	}
	code, html, _ := cli(t, "render", "--view", "charts", "--size", "80x24", "--format", "html")
	if code != 0 || !strings.HasPrefix(html, "<pre style=") || strings.Count(html, "\n") != 24 || !strings.Contains(html, "<span style=\"color:#") {
		t.Fatalf("exit %d, html:\n%.400s", code, html)
	}
	if code, _, errs := cli(t, "render", "--format", "svg", "--background", "grey"); code != 2 || !strings.Contains(errs, "--background must be dark or light") {
		t.Errorf("--background grey: exit %d, %q", code, errs)
	}
}

func TestTUIWithoutTerminalPointsToRender(t *testing.T) {
	code, _, errs := cli(t)
	if code != 1 || !strings.Contains(errs, "eaeu-dash render") {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := cli(t, "--version")
	if code != 0 || !strings.Contains(out, "eaeu-indicators/1") {
		t.Fatalf("exit %d, %q", code, out)
	}
}

// TestReadmeExampleValidates keeps the README's minimal file honest.
func TestReadmeExampleValidates(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(readme), "```json\n")
	example, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatal("README.md has no ```json example")
	}
	p := writeFile(t, "example.json", example)
	if code, out, errs := cli(t, "validate", p); code != 0 {
		t.Fatalf("README example: exit %d\n%s%s", code, out, errs)
	}
}

// serve imposes a language on every viewer only when --lang is given;
// otherwise each viewer gets their own terminal's LANG (not the server's,
// which --lang defaults to).
func TestServeLangOnlyWhenGiven(t *testing.T) {
	g := &globalFlags{}
	cmd := &cobra.Command{}
	cmd.Flags().StringVar(&g.lang, "lang", "ru", "")
	if got := serveLang(cmd, g); got != "" {
		t.Errorf("--lang not given: serveLang = %q, want \"\" (each viewer's own)", got)
	}
	if err := cmd.Flags().Set("lang", "en"); err != nil {
		t.Fatal(err)
	}
	if got := serveLang(cmd, g); got != "en" {
		t.Errorf("--lang en: serveLang = %q", got)
	}
}

// validate in Russian, by --lang ru or by LANG: the messages are Russian,
// the FILE:LINE:COL: JSON.PATH: prefix is the one tools read in English.
func TestValidateRussian(t *testing.T) {
	bad := writeFile(t, "bad.json", strings.Replace(goodDoc, `"2024"`, `"2024-13"`, 1))
	prefix := bad + ":10:18: indicators[0].series[0].points[1].period: "
	want := prefix + `"2024-13" — неверный период (нужно ГГГГ, ГГГГ-Qn, ГГГГ-ММ или ГГГГ-ММ-ДД)` + "\n" +
		"найдено проблем: 1; исправьте их и снова запустите `eaeu-dash validate`\n"
	for _, env := range []string{"", "ru_RU.UTF-8"} {
		t.Setenv("LC_ALL", "")
		t.Setenv("LC_MESSAGES", "")
		t.Setenv("LANG", env)
		args := []string{"validate", bad}
		if env == "" {
			args = append([]string{"--lang", "ru"}, args...)
		}
		code, _, errs := cli(t, args...)
		if code != 1 || errs != want {
			t.Errorf("LANG=%q %v: exit %d\n got: %s\nwant: %s", env, args, code, errs, want)
		}
	}
	t.Setenv("LANG", "ru_RU.UTF-8")
	if _, _, errs := cli(t, "--lang", "en", "validate", bad); !strings.Contains(errs, prefix+`"2024-13" is not a valid period`) {
		t.Errorf("--lang en under a Russian LANG: %s", errs)
	}
}

// --help says where the default of --lang comes from.
func TestHelpNamesLangDefault(t *testing.T) {
	_, out, _ := cli(t, "--help")
	if !strings.Contains(out, "LANG") || strings.Contains(out, `--lang string   interface and data language: en or ru (default "en")`) {
		t.Errorf("--help does not say LANG decides --lang:\n%s", out)
	}
}

// render --glyphs ascii: nothing outside ASCII; Russian falls back to
// English and stderr says why.
func TestRenderASCII(t *testing.T) {
	for _, v := range []string{"overview", "charts", "table", "detail", "sources", "events"} {
		code, out, errs := cli(t, "render", "--glyphs", "ascii", "--lang", "ru", "--view", v, "--size", "100x30")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", v, code, errs)
		}
		for _, r := range out {
			if r >= 0x80 {
				t.Fatalf("%s: %q in an ASCII frame:\n%s", v, r, out)
			}
		}
		if !strings.Contains(errs, "cannot show Cyrillic") || !strings.Contains(out, "Overview") {
			t.Errorf("%s: no English fallback said on stderr: %q", v, errs)
		}
	}
	if code, _, _ := cli(t, "--glyphs", "fancy", "validate"); code != 2 {
		t.Errorf("--glyphs fancy: exit %d, want 2", code)
	}
	// Written to a pipe, auto is Unicode whatever the locale.
	t.Setenv("LANG", "C")
	if _, out, _ := cli(t, "render", "--view", "overview", "--size", "100x30"); !strings.Contains(out, "●") {
		t.Errorf("render to a pipe under LANG=C is not Unicode:\n%s", out)
	}
}

// TERM=dumb: no alternate screen, no mouse modes; it says render is the
// way and exits 1.
func TestDumbTerminalPointsToRender(t *testing.T) {
	t.Setenv("TERM", "dumb")
	code, out, errs := cli(t)
	if code != 1 || out != "" || !strings.Contains(errs, "TERM=dumb") || !strings.Contains(errs, "eaeu-dash render") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
}
