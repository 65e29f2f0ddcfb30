package data

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/eaeu-dash/eaeu-dash/tools/gendata/gen"
)

func TestGeneratedDatasetValidates(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := gen.Generate(&buf, 1<<20, 7); err != nil {
		t.Fatal(err)
	}
	ds, err := LoadBytes("gen.json", buf.Bytes(), Options{})
	if err != nil {
		t.Fatalf("generated dataset does not load: %v", err)
	}
	if len(ds.Indicators) < 1 || ds.Indicators[0].NumPoints < 1000 {
		t.Errorf("generated dataset too small: %s", ds.Summary())
	}
}

func BenchmarkLoad100MB(b *testing.B) {
	if testing.Short() {
		b.Skip("generates a 100 MB file; skipped with -short")
	}
	// Generated outside the timed loop, once per run of this function.
	path := filepath.Join(b.TempDir(), "big.json")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	err = gen.Generate(f, 100<<20, 1)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		b.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(st.Size())
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Load([]string{path}, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoadDefault(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Default(); err != nil {
			b.Fatal(err)
		}
	}
}
