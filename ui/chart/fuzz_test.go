package chart

import (
	"math"
	"testing"
	"time"

	"github.com/eaeu-dash/eaeu-dash/data"
)

// FuzzRender builds a two-series indicator from fuzzed values and statuses
// and renders it in every mode: the box must always be exact. Run longer
// with: go test ./ui/chart/ -run '^$' -fuzz FuzzRender -fuzztime 60s
func FuzzRender(f *testing.F) {
	f.Add(80, 22, 0, false, false, int64(0), int64(0), 1.0, 2.0, -3.0, 4.0, uint8(0x1b))
	f.Add(3, 3, 1, true, true, int64(-1e9), int64(5e8), math.NaN(), math.Inf(1), 0.0, -0.0, uint8(0xff))
	f.Add(200, 7, 2, false, true, int64(1e10), int64(-1e10), 1e308, -1e308, 5e-324, 1.0, uint8(0))
	f.Fuzz(func(t *testing.T, w, h, mode int, rel, lg bool, fromOff, toOff int64, v0, v1, v2, v3 float64, st uint8) {
		w, h = w%260, h%90
		base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
		in := Input{Width: w, Height: h, Mode: Mode(((mode % 3) + 3) % 3), Relative: rel, Log: lg}
		if fromOff != 0 || toOff != 0 {
			in.From = base.Add(time.Duration(fromOff%1e12) * time.Second / 1000)
			in.To = base.Add(time.Duration(toOff%1e12) * time.Second / 1000)
		}
		vals := []float64{v0, v1, v2, v3}
		ind := &data.Indicator{Unit: data.Text{"": "u"}}
		periods := []data.Period{data.YearPeriod(2020), data.QuarterPeriod(2022, 3), data.MonthPeriod(2024, 7), data.DayPeriod(2030, 1, 1)}
		for s := 0; s < 2; s++ {
			var ser data.Series
			for k, v := range vals {
				status := data.Status((st >> (2 * k)) & 3)
				ser.Points = append(ser.Points, data.Point{Period: periods[(k+s)%4], Value: v * float64(s+1), Status: status})
			}
			ind.Series = append(ind.Series, ser)
		}
		in.Ind = ind
		for _, styles := range []Styles{asciiStyles(), colourStyles()} {
			out := Render(in, styles)
			if !fits(out, w, h) {
				t.Fatalf("%+v: render is not %dx%d", in, w, h)
			}
		}
		_ = PlotFrac(in, asciiStyles(), w/2)
	})
}
