package chart

import (
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/eaeu-dash/eaeu-dash/data"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// monthlyIndicator is three years of monthly trains/day for two entities,
// with a 2027 target for one: a dense line.
func monthlyIndicator() *data.Indicator {
	ind := &data.Indicator{ID: "trains", Unit: data.Text{"": "trains/day"}, Decimals: 0, HigherIsBetter: true}
	kz := data.Series{Entity: "KZ"}
	cn := data.Series{Entity: "CN"}
	for m := 0; m < 36; m++ {
		p := data.MonthPeriod(2022+m/12, m%12+1)
		kz.Points = append(kz.Points, pt(p, 12+float64(m)*0.6+float64(m%5)*1.3, data.Actual))
		st := data.Actual
		if m >= 33 {
			st = data.Estimate
		}
		cn.Points = append(cn.Points, pt(p, 30-float64(m%12)*0.8+float64(m)*0.2, st))
	}
	kz.Points = append(kz.Points, pt(data.MonthPeriod(2026, 12), 60, data.Target))
	ind.Series = []data.Series{kz, cn}
	return ind
}

func utc(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestRenderGolden(t *testing.T) {
	t.Parallel()
	st := asciiStyles()
	names := []string{"Kazakhstan", "Russia", "Belarus"}
	awk := awkwardIndicators()
	cases := []struct {
		name string
		in   Input
	}{
		{"line_transit_80x22", Input{Ind: transitIndicator(), Names: names, Width: 80, Height: 22}},
		{"line_transit_120x40", Input{Ind: transitIndicator(), Names: names, Width: 120, Height: 40}},
		{"line_transit_40x12", Input{Ind: transitIndicator(), Names: names, Width: 40, Height: 12}},
		{"line_transit_relative_80x20", Input{Ind: transitIndicator(), Names: names, Relative: true, Width: 80, Height: 20}},
		{"line_transit_log_80x20", Input{Ind: transitIndicator(), Names: names, Log: true, Width: 80, Height: 20}},
		{"line_transit_ru_80x20", Input{Ind: transitIndicator(), Names: []string{"Казахстан", "Россия", "Беларусь"}, Lang: "ru", Width: 80, Height: 20}},
		{"line_transit_zoom_80x20", Input{Ind: transitIndicator(), Names: names, From: utc(2021, 6, 1), To: utc(2024, 6, 1), Width: 80, Height: 20}},
		{"line_transit_marks_80x20", Input{Ind: transitIndicator(), Names: names, Width: 80, Height: 20,
			Marks: []Mark{{At: utc(2021, 5, 21), Label: "Supreme Council, Minsk"}, {At: utc(2027, 1, 1)}, {At: utc(1990, 1, 1), Label: "out of view"}}}},
		{"line_monthly_100x25", Input{Ind: monthlyIndicator(), Names: []string{"Kazakhstan", "China"}, Width: 100, Height: 25}},
		{"line_days_80x16", Input{Ind: awk["days"], Names: names, From: utc(2024, 6, 28), To: utc(2024, 7, 24), Width: 80, Height: 16}},
		{"line_one_point_40x10", Input{Ind: awk["one"], Names: names, Width: 40, Height: 10}},
		{"line_flat_40x10", Input{Ind: awk["flat"], Names: names, Width: 40, Height: 10}},
		{"line_negative_quarters_60x15", Input{Ind: awk["negative"], Names: names, Width: 60, Height: 15}},
		{"line_log_na_60x12", Input{Ind: awk["negative"], Names: names, Log: true, Width: 60, Height: 12}},
		{"bars_transit_60x8", Input{Ind: transitIndicator(), Names: names, Mode: Bars, Width: 60, Height: 8}},
		{"bars_transit_2030_60x6", Input{Ind: transitIndicator(), Names: names, Mode: Bars, At: data.YearPeriod(2030), Width: 60, Height: 6}},
		{"bars_negative_50x5", Input{Ind: awk["negative"], Names: names, Mode: Bars, At: data.QuarterPeriod(2023, 1), Width: 50, Height: 5}},
		{"progress_transit_80x16", Input{Ind: transitIndicator(), Names: names, Mode: Progress, Width: 80, Height: 16}},
		{"progress_transit_60x4", Input{Ind: transitIndicator(), Names: names, Mode: Progress, Width: 60, Height: 4}},
		{"progress_trains_70x6", Input{Ind: awk["days"], Names: names, Mode: Progress, Width: 70, Height: 6}},
		{"too_small_8x3", Input{Ind: transitIndicator(), Names: names, Width: 8, Height: 3}},
		{"no_data_30x5", Input{Ind: awk["empty"], Width: 30, Height: 5}},
	}
	// One colour chart (ANSI256, dark background) pins which cells get
	// which series colour.
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.ANSI256)
	r.SetHasDarkBackground(true)
	colour := DefaultStyles(r)
	cases = append(cases, struct {
		name string
		in   Input
	}{"colour_line_transit_60x14", Input{Ind: transitIndicator(), Names: names, Width: 60, Height: 14}})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := st
			if strings.HasPrefix(c.name, "colour_") {
				st = colour
			}
			got := Render(c.in, st)
			checkBox(t, got, c.in.Width, c.in.Height)
			path := filepath.Join("testdata", c.name+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(got+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./ui/chart/ -update)", err)
			}
			if got+"\n" != string(want) {
				t.Errorf("Render differs from %s (go test ./ui/chart/ -run TestRenderGolden -update, then review it):\n%s", path, got)
			}
		})
	}
}
