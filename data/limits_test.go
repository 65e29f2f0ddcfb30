package data

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
)

func problems(t *testing.T, err error) Errors {
	t.Helper()
	var errs Errors
	if !errors.As(err, &errs) {
		t.Fatalf("want Errors, got %v", err)
	}
	return errs
}

func TestLimitsArePositionedErrors(t *testing.T) {
	t.Parallel()
	doc := "{\n  \"format\": \"eaeu-indicators/1\",\n  \"title\": \"" + strings.Repeat("x", 100) + "\"\n}"
	errs := problems(t, func() error { _, err := LoadBytes("long.json", []byte(doc), Options{MaxString: 50}); return err }())
	if len(errs) != 1 || errs[0].Line != 3 || errs[0].Col != 12 || !strings.Contains(errs[0].Msg, "longer than 50 bytes") {
		t.Errorf("string limit: %v", errs)
	}
	deep := "{\"x\": " + strings.Repeat("[", 10) + strings.Repeat("]", 10) + "}"
	errs = problems(t, func() error { _, err := LoadBytes("deep.json", []byte(deep), Options{MaxDepth: 5}); return err }())
	last := errs[len(errs)-1]
	if last.Line != 1 || last.Col != 11 || !strings.Contains(last.Msg, "deeper than 5 levels") {
		t.Errorf("depth limit: %v", errs)
	}
	// The default depth limit holds against a very deep document without
	// exhausting the stack.
	deep = "{\"x\": " + strings.Repeat("[", 1_000_000) + "}"
	errs = problems(t, func() error { _, err := LoadBytes("deep.json", []byte(deep), Options{}); return err }())
	if !strings.Contains(errs[len(errs)-1].Msg, "deeper than 64 levels") {
		t.Errorf("default depth limit: %v", errs)
	}
}

func TestColumnsCountCharacters(t *testing.T) {
	t.Parallel()
	doc := "{\"format\": \"eaeu-indicators/1\", \"title\": \"Казахстан\", \"bad\": 1}"
	errs := problems(t, func() error { _, err := LoadBytes("c.json", []byte(doc), Options{}); return err }())
	// "bad" starts at character 55, though at byte 64.
	if p := find(errs, "bad"); p.Line != 1 || p.Col != 55 {
		t.Errorf("unknown field at %v, want 1:55", p)
	}
	crlf := strings.ReplaceAll("{\n\"format\": \"eaeu-indicators/1\",\n  \"perod\": 1\n}", "\n", "\r\n")
	errs = problems(t, func() error { _, err := LoadBytes("c.json", []byte(crlf), Options{}); return err }())
	if p := find(errs, "perod"); p.Line != 3 || p.Col != 3 {
		t.Errorf("CRLF: %v, want 3:3", p)
	}
}

func find(errs Errors, path string) Problem {
	for _, p := range errs {
		if p.Path == path {
			return p
		}
	}
	return Problem{}
}

func TestTooManyProblemsAreCounted(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString(`{"format": "eaeu-indicators/1", "title": "t", "sources": [], "entities": [{"id": "KZ", "name": "K", "kind": "member"}],
"indicators": [{"id": "x", "name": "x", "topic": "other", "unit": "u", "series": [{"entity": "KZ", "points": [`)
	for i := 0; i < 1500; i++ {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `{"period": "%d", "value": 1, "status": "guess"}`, 1000+i)
	}
	b.WriteString("]}]}]}")
	errs := problems(t, func() error { _, err := LoadBytes("many.json", []byte(b.String()), Options{}); return err }())
	if len(errs) != maxProblems+1 || !strings.Contains(errs[maxProblems].Msg, "500 more problems not shown") {
		t.Errorf("got %d problems, last %v", len(errs), errs[len(errs)-1])
	}
}

// Every prefix of a valid file is reported with a valid position, never a
// crash or a dataset.
func TestEveryTruncationIsAnError(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("testdata/good/minimal.json")
	if err != nil {
		t.Fatal(err)
	}
	trimmed := strings.TrimRight(string(b), "\n ")
	for n := 0; n < len(trimmed); n++ {
		_, err := LoadBytes("cut.json", []byte(trimmed[:n]), Options{})
		errs := problems(t, err)
		for _, p := range errs {
			if p.Line < 1 || p.Col < 1 {
				t.Fatalf("prefix of %d bytes: bad position %v", n, p)
			}
		}
	}
}

func TestPositionsOnOneLongLine(t *testing.T) {
	t.Parallel()
	// A minified file: every problem is on line 1, columns must still be
	// right (and computing them must not rescan the line per problem).
	var b strings.Builder
	b.WriteString(`{"format": "eaeu-indicators/1", "title": "т", "sources": [], "entities": [], "indicators": [{"id": "x", "name": "x", "topic": "other", "unit": "u", "series": [{"entity": "KZ", "points": [`)
	for i := 0; i < 50; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"period": "%d", "value": 1, "status": "guess"}`, 1000+i)
	}
	b.WriteString("]}]}]}")
	doc := b.String()
	errs := problems(t, func() error { _, err := LoadBytes("min.json", []byte(doc), Options{}); return err }())
	for _, p := range errs {
		if p.Line != 1 {
			t.Fatalf("%v: want line 1", p)
		}
		if !strings.HasSuffix(p.Path, ".status") {
			continue
		}
		// Columns count characters: the title holds one 2-byte letter.
		byteOff := strings.Index(doc, `"guess"`)
		if p.Col != byteOff {
			t.Fatalf("first status problem at column %d, want %d", p.Col, byteOff)
		}
		break
	}
}
