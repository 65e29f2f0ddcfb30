package chart

import (
	"regexp"
	"testing"

	"github.com/eaeu-dash/eaeu-dash/data"
)

// Two series ending at nearly the same value at the same period: their
// figures must not be written side by side as one number ("28.227.4").
func TestAnnotationsDoNotTouch(t *testing.T) {
	t.Parallel()
	y := data.YearPeriod
	glued := regexp.MustCompile(`\d\.\d\d*\.\d`)
	for _, ends := range [][2]float64{{28.2, 27.4}, {28.2, 27.9}, {28.2, 26.5}, {28.2, 25}, {28.2, 23}} {
		ind := &data.Indicator{ID: "close", Unit: data.Text{"": "Mt"}, Decimals: 1, Series: []data.Series{
			{Entity: "A", Points: []data.Point{pt(y(2019), 20, data.Actual), pt(y(2022), 24, data.Actual), pt(y(2024), ends[0], data.Actual), pt(y(2030), 40, data.Target)}},
			{Entity: "B", Points: []data.Point{pt(y(2019), 22, data.Actual), pt(y(2022), 25, data.Actual), pt(y(2024), ends[1], data.Actual), pt(y(2030), 35, data.Target)}},
		}}
		for w := 30; w <= 120; w += 3 {
			for h := 8; h <= 30; h += 2 {
				out := Render(Input{Ind: ind, Width: w, Height: h}, asciiStyles())
				if m := glued.FindString(out); m != "" {
					t.Fatalf("%v at %dx%d: figures run together: %q\n%s", ends, w, h, m, out)
				}
			}
		}
	}
	// and the UI's test dataset, where the UI goldens showed it
	ds, err := data.Load([]string{"../testdata/mini.json"}, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range ds.Indicators {
		for w := 30; w <= 160; w += 6 {
			for h := 8; h <= 40; h += 4 {
				out := Render(Input{Ind: &ds.Indicators[i], Width: w, Height: h}, asciiStyles())
				if m := glued.FindString(out); m != "" {
					t.Fatalf("%s at %dx%d: figures run together: %q\n%s", ds.Indicators[i].ID, w, h, m, out)
				}
			}
		}
	}
}
