package data

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func loadGood(t *testing.T, name string) *Dataset {
	t.Helper()
	ds, err := Load([]string{filepath.Join("testdata", "good", name)}, Options{})
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	return ds
}

func TestLoadBasicDerivesFigures(t *testing.T) {
	t.Parallel()
	ds := loadGood(t, "basic.json")
	if got, want := ds.Summary(), "3 indicators, 4 series, 14 points, 2 sources"; got != want {
		t.Errorf("Summary = %q, want %q", got, want)
	}
	if ds.Title.Get("ru") != "Rail transit basics" {
		t.Errorf("plain title should serve any language, got %q", ds.Title.Get("ru"))
	}
	ind, ok := ds.Indicator("transit-volume")
	if !ok {
		t.Fatal("indicator transit-volume not found")
	}
	if ind.Decimals != 0 || ind.DecimalsSet {
		t.Errorf("transit decimals = %d (set %v), want 0 chosen from data", ind.Decimals, ind.DecimalsSet)
	}
	st := ind.Series[0].Stats
	// current = latest actual (2023) even though a later estimate exists
	if st.Current != 1 || st.Baseline != 0 || st.Target != 3 || st.Previous != 0 {
		t.Errorf("stats indices = cur %d base %d tgt %d prev %d", st.Current, st.Baseline, st.Target, st.Previous)
	}
	if !st.HasProgress || st.Progress < 0.300 || st.Progress > 0.301 {
		t.Errorf("progress = %v (has %v), want (1320000-1028000)/(2000000-1028000)", st.Progress, st.HasProgress)
	}
	if !st.HasCAGR || st.CAGR < 0.086 || st.CAGR > 0.088 {
		t.Errorf("CAGR = %v, want about 8.7%% a year over 2020-2023", st.CAGR)
	}
	speed, _ := ds.Indicator("avg-speed")
	if speed.Decimals != 2 {
		t.Errorf("speed decimals = %d, want 2 (28.15 needs two)", speed.Decimals)
	}
	if speed.First != QuarterPeriod(2022, 1) || speed.Last != YearPeriod(2025) {
		t.Errorf("speed range = %s..%s", speed.First, speed.Last)
	}
	ru := speed.Series[1].Stats
	if ru.Current != 0 || ru.Baseline != -1 || ru.HasProgress || ru.HasCAGR {
		t.Errorf("estimate-only series stats = %+v", ru)
	}
	dwell, _ := ds.Indicator("border-dwell")
	if dwell.Decimals != 1 || !dwell.DecimalsSet || dwell.HigherIsBetter {
		t.Errorf("border-dwell decimals %d set %v higher %v", dwell.Decimals, dwell.DecimalsSet, dwell.HigherIsBetter)
	}
	src, ok := ds.Source("eec.2024")
	if !ok || src.Points != 3 {
		t.Fatalf("source eec.2024 points = %v", src)
	}
	if refs := ds.PointsOf(1); len(refs) != 1 || refs[0] != (PointRef{0, 0, 2}) {
		t.Errorf("PointsOf(ktz) = %v", refs)
	}
	_, _, p := ds.Point(PointRef{0, 0, 2})
	if ds.Note(p.Note).Get("ru") != "предварительно" || ds.SourceAt(p.Source).ID != "ktz" {
		t.Errorf("point note/source wrong: %+v", p)
	}
	if ds.SourceAt(-1) != nil || ds.Note(0) != nil {
		t.Error("SourceAt(-1) and Note(0) must be empty")
	}
	if ds.Events[0].Date != DayPeriod(2023, 12, 25) {
		t.Errorf("events not sorted by date: first is %s", ds.Events[0].Date)
	}
	if e, ok := ds.Entity("dostyk"); !ok || !e.HasLatLon || e.Kind != KindNode {
		t.Errorf("entity dostyk = %+v", e)
	}
}

func TestTextGet(t *testing.T) {
	t.Parallel()
	cases := []struct {
		t    Text
		lang string
		want string
	}{
		{Text{"en": "A", "ru": "Б"}, "ru", "Б"},
		{Text{"en": "A", "ru": "Б"}, "kk", "A"},
		{Text{"": "plain"}, "ru", "plain"},
		{Text{"kk": "Қ", "ru": "Р"}, "en", "Қ"},
		{nil, "en", ""},
	}
	for _, c := range cases {
		if got := c.t.Get(c.lang); got != c.want {
			t.Errorf("%v.Get(%q) = %q, want %q", c.t, c.lang, got, c.want)
		}
	}
}

func TestDefaultValidates(t *testing.T) {
	t.Parallel()
	ds, err := Default()
	if err != nil {
		t.Fatalf("default dataset does not validate:\n%v", err)
	}
	if len(ds.Indicators) == 0 || !strings.HasPrefix(ds.Files[0], "default/") {
		t.Errorf("default dataset: %s, files %v", ds.Summary(), ds.Files)
	}
}

// The binary carries the dataset, not the repository's notes about it.
func TestDefaultEmbedsOnlyJSON(t *testing.T) {
	t.Parallel()
	err := fs.WalkDir(defaultFS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && !strings.HasSuffix(p, ".json") {
			t.Errorf("embedded into the binary: %s (only default/*.json should be)", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestLoadIOErrorIsOneLineWithPath(t *testing.T) {
	t.Parallel()
	_, err := Load([]string{"testdata/no-such-file.json"}, Options{})
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("err = %v, want not-exist", err)
	}
	var errs Errors
	if errors.As(err, &errs) || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), "testdata/no-such-file.json") {
		t.Errorf("I/O error should be one line naming the path, got %q", err)
	}
	dir := t.TempDir()
	if _, err := Load([]string{dir}, Options{}); err == nil || !strings.Contains(err.Error(), dir) {
		t.Errorf("empty directory: err = %v", err)
	}
	big := filepath.Join(dir, "big.json")
	if err := os.WriteFile(big, []byte(`{"format": "eaeu-indicators/1"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Load([]string{big}, Options{MaxFileSize: 10})
	if !errors.As(err, &errs) || len(errs) != 1 || errs[0].Line != 1 || !strings.Contains(errs[0].Msg, "over the limit of 10") {
		t.Errorf("file over the size limit: err = %v", err)
	}
}

func TestDerivedFiguresStayFinite(t *testing.T) {
	t.Parallel()
	doc := `{"format": "eaeu-indicators/1", "title": "t", "sources": [], "entities": [{"id": "KZ", "name": "K", "kind": "member"}],
"indicators": [{"id": "x", "name": "x", "topic": "other", "unit": "u", "series": [{"entity": "KZ", "points": [
{"period": "2020", "value": -1e308, "status": "actual"}, {"period": "2021", "value": 1e308, "status": "actual"},
{"period": "2030", "value": 1.5e308, "status": "target"}]}]}]}`
	ds, err := LoadBytes("huge.json", []byte(doc), Options{})
	if err != nil {
		t.Fatal(err)
	}
	st := ds.Indicators[0].Series[0].Stats
	if st.HasChange || st.HasProgress || st.HasCAGR {
		t.Errorf("overflowing figures must not be shown: %+v", st)
	}
}

func TestLoadDirectoryMergesFilesInOrder(t *testing.T) {
	t.Parallel()
	ds := loadGood(t, "multi")
	if got := ds.Title.Get("ru"); got != "Разделённый набор" {
		t.Errorf("title should come from the first file, got %q", got)
	}
	want := []string{"testdata/good/multi/1-common.json", "testdata/good/multi/2-transit.json"}
	if strings.Join(ds.Files, " ") != strings.Join(want, " ") {
		t.Errorf("files = %v, want sorted %v", ds.Files, want)
	}
	ind, ok := ds.Indicator("brest-transit")
	if !ok {
		t.Fatal("indicator of the second file missing")
	}
	// brest is defined in the first file, referenced from the second.
	if e := ds.Entities[ind.Series[0].EntityIdx]; e.ID != "brest" {
		t.Errorf("cross-file entity resolved to %q", e.ID)
	}
	_, _, p := ds.Point(PointRef{I: 1, S: 0, P: 1})
	if ds.SourceAt(p.Source).ID != "eec" {
		t.Errorf("cross-file source resolved to %v", ds.SourceAt(p.Source))
	}
	if src, _ := ds.Source("bch"); src.Points != 2 || len(ds.PointsOf(1)) != 2 {
		t.Errorf("bch cited by %d points", src.Points)
	}
	if ds.Summary() != "2 indicators, 3 series, 4 points, 2 sources" {
		t.Errorf("summary %q", ds.Summary())
	}
}
