package data

import (
	"strings"
	"testing"
)

// The labels of the default dataset say what each figure is (from an
// audit of its points): a forecast that names no mode is not rail transit,
// the council's sentence is cited whole, a capacity by design says so.
func TestDefaultDatasetLabels(t *testing.T) {
	t.Parallel()
	ds, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	note := func(id, period string) string {
		ind, ok := ds.Indicator(id)
		if !ok {
			t.Fatalf("no indicator %s", id)
		}
		for _, s := range ind.Series {
			for _, p := range s.Points {
				if p.Period.String() == period {
					return ds.Note(p.Note).Get("en")
				}
			}
		}
		t.Fatalf("%s has no %s point", id, period)
		return ""
	}
	rail, _ := ds.Indicator("kz-rail-transit")
	for _, s := range rail.Series {
		for _, p := range s.Points {
			if p.Period.String() == "2035" {
				t.Error("kz-rail-transit still holds the 2035 forecast, which names no mode")
			}
		}
	}
	if n := note("kz-transit-forecast", "2035"); !strings.Contains(n, "KPMG/PwC of all transit (mode not stated)") {
		t.Errorf("forecast note: %s", n)
	}
	const council = "Implementation of the project will increase the capacity 5 times, and the speed of transportation almost twice to 1.5 thousand km per day"
	for _, id := range []string{"dm-capacity-multiplier", "dm-container-speed"} {
		if n := note(id, "2025"); !strings.Contains(n, council) {
			t.Errorf("%s does not quote the council's sentence whole: %s", id, n)
		}
	}
	src, ok := ds.Source("ktkz-eic-2025-01-26")
	if !ok || strings.Contains(src.Note.Get("en"), "cut off") || !strings.Contains(src.Note.Get("en"), council) {
		t.Errorf("the council source's note: %s", src.Note.Get("en"))
	}
	if n := note("dm-capacity", "2025"); !strings.Contains(n, "capacity by design") {
		t.Errorf("dm-capacity 2025: %s", n)
	}
}
