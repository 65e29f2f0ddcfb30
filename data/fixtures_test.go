package data

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/bad/*.want from the loader's output")

// badFixtures lists testdata/bad: each *.json file, and each directory
// (loaded as one multi-file dataset), with its expected output in <name>.want.
func badFixtures(t testing.TB) []string {
	entries, err := os.ReadDir("testdata/bad")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() || strings.HasSuffix(e.Name(), ".json") {
			out = append(out, filepath.Join("testdata/bad", e.Name()))
		}
	}
	return out
}

// loadFixture loads a bad fixture: a file under its base name, or a
// directory under its relative path.
func loadFixture(path string) (*Dataset, error) {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return Load([]string{path}, Options{})
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return LoadBytes(filepath.Base(path), b, Options{})
}

func TestBadFixtures(t *testing.T) {
	t.Parallel()
	fixtures := badFixtures(t)
	if len(fixtures) < 40 {
		t.Fatalf("only %d bad fixtures", len(fixtures))
	}
	for _, path := range fixtures {
		name := strings.TrimSuffix(filepath.Base(path), ".json")
		t.Run(name, func(t *testing.T) {
			_, err := loadFixture(path)
			var errs Errors
			if !errors.As(err, &errs) {
				t.Fatalf("want Errors, got %v", err)
			}
			got := errs.Error() + "\n"
			wantFile := strings.TrimSuffix(path, ".json") + ".want"
			if *update {
				if err := os.WriteFile(wantFile, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(wantFile)
			if err != nil {
				t.Fatalf("%v (run go test ./data -run TestBadFixtures -update, then review the file)", err)
			}
			if got != string(want) {
				t.Errorf("problems differ\n got:\n%s\nwant:\n%s", got, want)
			}
			for _, p := range errs {
				if p.Line < 1 || p.Col < 1 {
					t.Errorf("bad position in %v", p)
				}
			}
		})
	}
}

func TestGoodFixtures(t *testing.T) {
	t.Parallel()
	paths, _ := filepath.Glob("testdata/good/*")
	if len(paths) < 3 {
		t.Fatalf("only %d good fixtures", len(paths))
	}
	for _, p := range paths {
		if _, err := Load([]string{p}, Options{}); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
}
