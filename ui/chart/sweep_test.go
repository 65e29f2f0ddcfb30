package chart

import (
	"io"
	"math"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/eaeu-dash/eaeu-dash/data"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// checkBox fails unless out is exactly w x h cells.
func checkBox(t *testing.T, out string, w, h int) {
	t.Helper()
	if w <= 0 || h <= 0 {
		if out != "" {
			t.Fatalf("%dx%d: want empty string, got %q", w, h, out)
		}
		return
	}
	lines := strings.Split(out, "\n")
	if len(lines) != h {
		t.Fatalf("%dx%d: got %d lines", w, h, len(lines))
	}
	for i, l := range lines {
		if got := ansi.StringWidth(l); got != w {
			t.Fatalf("%dx%d: line %d is %d cells wide: %q", w, h, i, got, l)
		}
	}
}

func colourStyles() Styles {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.TrueColor)
	r.SetHasDarkBackground(true)
	return DefaultStyles(r)
}

// awkwardIndicators are the inputs most likely to break a chart.
func awkwardIndicators() map[string]*data.Indicator {
	y := data.YearPeriod
	one := &data.Indicator{Unit: data.Text{"": "km"}, Series: []data.Series{{Entity: "KZ", Points: []data.Point{pt(y(2024), 5, data.Actual)}}}}
	flat := &data.Indicator{Unit: data.Text{"": "km"}, Series: []data.Series{{Entity: "KZ", Points: []data.Point{
		pt(y(2020), 3, data.Actual), pt(y(2021), 3, data.Actual), pt(y(2022), 3, data.Target)}}}}
	neg := &data.Indicator{Unit: data.Text{"": "%"}, Decimals: 1, Series: []data.Series{
		{Entity: "KZ", Points: []data.Point{pt(data.QuarterPeriod(2023, 1), -4.5, data.Actual), pt(data.QuarterPeriod(2023, 2), 2, data.Actual), pt(data.QuarterPeriod(2023, 3), -0.5, data.Estimate)}},
		{Entity: "RU", Points: []data.Point{pt(data.QuarterPeriod(2023, 1), 1, data.Actual), pt(data.QuarterPeriod(2024, 4), -3, data.Plan)}},
	}}
	zeros := &data.Indicator{Unit: data.Text{"": "x"}, Series: []data.Series{{Entity: "KZ", Points: []data.Point{
		pt(y(2020), 0, data.Actual), pt(y(2021), 0, data.Actual)}}}}
	nan := &data.Indicator{Unit: data.Text{"": "x"}, Series: []data.Series{{Entity: "KZ", Points: []data.Point{
		pt(y(2020), math.NaN(), data.Actual), pt(y(2021), math.Inf(1), data.Actual), pt(y(2022), 4, data.Actual),
		pt(y(2023), math.Inf(-1), data.Target)}}}}
	allNaN := &data.Indicator{Unit: data.Text{"": "x"}, Series: []data.Series{{Entity: "KZ", Points: []data.Point{
		pt(y(2020), math.NaN(), data.Actual), pt(y(2021), math.Inf(1), data.Target)}}}}
	days := &data.Indicator{Unit: data.Text{"": "trains/day"}, Series: []data.Series{{Entity: "KZ", Points: []data.Point{
		pt(data.DayPeriod(2024, 7, 1), 12, data.Actual), pt(data.DayPeriod(2024, 7, 2), 14, data.Actual),
		pt(data.DayPeriod(2024, 7, 20), 16, data.Estimate), pt(data.DayPeriod(2030, 1, 1), 60, data.Target)}}}}
	huge := &data.Indicator{Unit: data.Text{"": "USD"}, Series: []data.Series{{Entity: "KZ", Points: []data.Point{
		pt(y(1), -1e300, data.Actual), pt(y(9999), 1e300, data.Actual)}}}}
	extreme := &data.Indicator{Unit: data.Text{"": "x"}, Series: []data.Series{
		{Entity: "A", Points: []data.Point{pt(y(2020), -math.MaxFloat64, data.Actual), pt(y(2021), math.MaxFloat64, data.Target)}},
		{Entity: "B", Points: []data.Point{pt(y(2020), 0, data.Actual), pt(y(2021), math.SmallestNonzeroFloat64, data.Actual), pt(y(2022), 1e-300, data.Plan)}},
	}}
	return map[string]*data.Indicator{
		"extreme": extreme,
		"nil":     nil, "empty": {Unit: data.Text{"": "km"}}, "noPoints": {Series: []data.Series{{Entity: "KZ"}}},
		"one": one, "flat": flat, "negative": neg, "zeros": zeros, "nan": nan, "allNaN": allNaN,
		"days": days, "huge": huge, "transit": transitIndicator(),
	}
}

var (
	sweepSizes = []int{-3, 0, 1, 2, 3, 4, 5, 6, 7, 9, 12, 16, 23, 31, 47, 80, 121, 200}
	fewerSizes = []int{0, 1, 2, 3, 5, 9, 16, 31, 80, 200}
)

// TestRenderFitsEveryBox renders every mode of every awkward indicator at
// sizes from negative to 200 cells: always exactly W x H, never a panic.
// The line-only options (scales, ranges) run in one style to keep it quick.
func TestRenderFitsEveryBox(t *testing.T) {
	t.Parallel()
	type combo struct {
		st   Styles
		mode Mode
		opts Input
	}
	mono, colour := asciiStyles(), colourStyles()
	var combos []combo
	for _, m := range []Mode{Line, Bars, Progress} {
		combos = append(combos, combo{mono, m, Input{}}, combo{colour, m, Input{Lang: "ru"}})
	}
	for _, o := range []Input{
		{Relative: true}, {Log: true},
		{From: utc(2100, 1, 1), To: utc(2101, 1, 1)},            // no data in view
		{From: utc(2024, 7, 1), To: utc(2024, 7, 1)},            // empty range
		{From: utc(2030, 1, 1), To: utc(2001, 1, 1)},            // reversed
		{From: utc(1, 1, 1), To: utc(9999, 12, 31)},             // all of time
		{From: utc(2023, 2, 1), To: utc(2023, 2, 3), Log: true}, // two days
		{Mode: Bars, At: data.YearPeriod(1999)},                 // a period without data
	} {
		combos = append(combos, combo{mono, o.Mode, o})
	}
	for name, ind := range awkwardIndicators() {
		for ci, c := range combos {
			sizes := sweepSizes
			if ci >= 3 { // the first three (one per mode) get every size
				sizes = fewerSizes
			}
			for _, w := range sizes {
				for _, h := range sizes {
					in := c.opts
					in.Ind, in.Mode, in.Width, in.Height = ind, c.mode, w, h
					in.Names = []string{"Казахстан", "中国"}
					out := Render(in, c.st)
					if !fits(out, w, h) {
						t.Errorf("indicator %s, mode %d, opts %+v:", name, c.mode, c.opts)
						checkBox(t, out, w, h)
					}
				}
			}
		}
	}
}

func fits(out string, w, h int) bool {
	if w <= 0 || h <= 0 {
		return out == ""
	}
	lines := strings.Split(out, "\n")
	if len(lines) != h {
		return false
	}
	for _, l := range lines {
		if ansi.StringWidth(l) != w {
			return false
		}
	}
	return true
}
