package data

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func FuzzLoad(f *testing.F) {
	for _, pat := range []string{"testdata/good/*.json", "testdata/good/*/*.json", "testdata/bad/*.json"} {
		files, _ := filepath.Glob(pat)
		for _, file := range files {
			b, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		ds, err := LoadBytes("fuzz.json", b, Options{MaxDepth: 16, MaxString: 1 << 12})
		if err == nil {
			if ds == nil || len(ds.Indicators) == 0 {
				t.Fatal("no error but no indicators")
			}
			_ = ds.Summary()
			if err := WriteCSV(io.Discard, ds, "", "ru"); err != nil {
				t.Fatal(err)
			}
			roundTrip(t, ds, "")
			return
		}
		var errs Errors
		if !errors.As(err, &errs) {
			t.Fatalf("error is not Errors: %v", err)
		}
		lines := bytes.Count(b, []byte("\n")) + 1
		for _, p := range errs {
			if p.File != "fuzz.json" || p.Line < 1 || p.Col < 1 || p.Line > lines || p.Msg == "" || p.Path == "" {
				t.Fatalf("bad problem position or text: %+v (file has %d lines)", p, lines)
			}
		}
	})
}
