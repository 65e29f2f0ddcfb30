package data

import (
	"bytes"
	"encoding/csv"
	"reflect"
	"strings"
	"testing"
)

// samePoints compares the observations of two datasets, indicator by
// indicator, by ids (not indices).
func samePoints(t *testing.T, a, b *Dataset, only string) {
	t.Helper()
	n := 0
	for _, ia := range a.Indicators {
		if only != "" && ia.ID != only {
			continue
		}
		n++
		ib, ok := b.Indicator(ia.ID)
		if !ok {
			t.Fatalf("indicator %s lost", ia.ID)
		}
		if ia.Decimals != ib.Decimals || !reflect.DeepEqual(ia.Unit, ib.Unit) || !reflect.DeepEqual(ia.Name, ib.Name) || len(ia.Series) != len(ib.Series) {
			t.Fatalf("indicator %s changed: %+v vs %+v", ia.ID, ia, ib)
		}
		for s := range ia.Series {
			sa, sb := ia.Series[s], ib.Series[s]
			if sa.Entity != sb.Entity || len(sa.Points) != len(sb.Points) || sa.Stats != sb.Stats {
				t.Fatalf("%s/%s changed", ia.ID, sa.Entity)
			}
			for p := range sa.Points {
				pa, pb := sa.Points[p], sb.Points[p]
				srcA, srcB := a.SourceAt(pa.Source), b.SourceAt(pb.Source)
				if pa.Period != pb.Period || pa.Value != pb.Value || pa.Status != pb.Status ||
					(srcA == nil) != (srcB == nil) || (srcA != nil && srcA.ID != srcB.ID) ||
					!reflect.DeepEqual(a.Note(pa.Note), b.Note(pb.Note)) {
					t.Fatalf("%s/%s point %d: %+v became %+v", ia.ID, sa.Entity, p, pa, pb)
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("nothing compared")
	}
}

func roundTrip(t *testing.T, ds *Dataset, only string) *Dataset {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteJSON(&buf, ds, only, "en"); err != nil {
		t.Fatal(err)
	}
	back, err := LoadBytes("export.json", buf.Bytes(), Options{})
	if err != nil {
		t.Fatalf("exported JSON does not load:\n%v\n%s", err, buf.String())
	}
	samePoints(t, ds, back, only)
	return back
}

func TestWriteJSONRoundTrips(t *testing.T) {
	t.Parallel()
	for _, paths := range [][]string{{"testdata/good/basic.json"}, {"testdata/good/multi"}, {"testdata/good/minimal.json"}} {
		ds, err := Load(paths, Options{})
		if err != nil {
			t.Fatal(err)
		}
		back := roundTrip(t, ds, "")
		if len(back.Events) != len(ds.Events) || len(back.Entities) != len(ds.Entities) || !reflect.DeepEqual(back.Title, ds.Title) {
			t.Errorf("%v: events/entities/title changed", paths)
		}
	}
	if ds, err := Default(); err == nil {
		roundTrip(t, ds, "")
	}
}

func TestWriteJSONOneIndicatorKeepsOnlyWhatItReferences(t *testing.T) {
	t.Parallel()
	ds := loadGood(t, "basic.json")
	back := roundTrip(t, ds, "border-dwell")
	if len(back.Indicators) != 1 || len(back.Sources) != 0 || len(back.Entities) != 1 || len(back.Events) != 0 {
		t.Errorf("export of border-dwell kept %s, %d entities, %d events", back.Summary(), len(back.Entities), len(back.Events))
	}
	// The corridor's members and path come along so the output validates.
	ds2, err := Load([]string{"testdata/good/multi"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	back = roundTrip(t, ds2, "brest-transit")
	if _, ok := back.Entity("BY"); !ok {
		t.Error("members of a referenced corridor were dropped")
	}
}

func TestWriteCSV(t *testing.T) {
	t.Parallel()
	ds := loadGood(t, "basic.json")
	var buf bytes.Buffer
	if err := WriteCSV(&buf, ds, "transit-volume", "ru"); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"indicator", "entity", "period", "value", "unit", "status", "source", "note"},
		{"transit-volume", "EAEU", "2020", "1028000", "ДФЭ", "actual", "eec.2024", ""},
		{"transit-volume", "EAEU", "2023", "1320000", "ДФЭ", "actual", "eec.2024", ""},
		{"transit-volume", "EAEU", "2024", "1450000", "ДФЭ", "estimate", "ktz", "предварительно"},
		{"transit-volume", "EAEU", "2030", "2000000", "ДФЭ", "target", "eec.2024", ""},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("CSV rows:\n%q\nwant\n%q", rows, want)
	}
	buf.Reset()
	if err := WriteCSV(&buf, ds, "", "en"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "\ntransit-volume,EAEU,2020,1028000,TEU,actual,") {
		t.Errorf("English CSV lacks the English unit:\n%s", buf.String())
	}
	if n := strings.Count(buf.String(), "\n"); n != 15 {
		t.Errorf("full CSV has %d lines, want header + 14 points", n)
	}
	for _, f := range []func() error{
		func() error { return WriteCSV(&buf, ds, "nope", "en") },
		func() error { return WriteJSON(&buf, ds, "nope", "en") },
	} {
		if err := f(); err == nil || !strings.Contains(err.Error(), `"nope"`) {
			t.Errorf("unknown indicator: err = %v", err)
		}
	}
}
