package chart

import (
	"fmt"
	tslc "github.com/NimbleMarkets/ntcharts/linechart/timeserieslinechart"
	"testing"
)

// BenchmarkRender measures a full line-chart render in colour: the seed-like
// transit indicator, and 1,000 series of 1,000 daily points (LTTB-bound).
func BenchmarkRender(b *testing.B) {
	st := colourStyles()
	big := bigIndicator(1000, 1000)
	cases := []struct {
		name string
		in   Input
	}{
		{"transit", Input{Ind: transitIndicator(), Names: names3}},
		{"monthly", Input{Ind: monthlyIndicator(), Names: []string{"Kazakhstan", "China"}}},
		{"1000x1000", Input{Ind: big}},
	}
	for _, c := range cases {
		for _, sz := range [][2]int{{120, 40}, {240, 70}} {
			in := c.in
			in.Width, in.Height = sz[0], sz[1]
			b.Run(fmt.Sprintf("%s/%dx%d", c.name, sz[0], sz[1]), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					_ = Render(in, st)
				}
			})
		}
	}
}

func BenchmarkRenderModes(b *testing.B) {
	st := colourStyles()
	for _, m := range []Mode{Bars, Progress} {
		in := Input{Ind: transitIndicator(), Names: names3, Mode: m, Width: 120, Height: 40}
		b.Run(fmt.Sprintf("mode%d/120x40", m), func(b *testing.B) {
			for b.Loop() {
				_ = Render(in, st)
			}
		})
	}
}

// BenchmarkNtchartsReference is the same transit chart drawn by ntcharts'
// timeserieslinechart (braille, per-session styles), for comparison: the
// reason this package draws on its own cell grid.
func BenchmarkNtchartsReference(b *testing.B) {
	st := colourStyles()
	ind := transitIndicator()
	for _, sz := range [][2]int{{120, 40}, {240, 70}} {
		b.Run(fmt.Sprintf("transit/%dx%d", sz[0], sz[1]), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				from, to := Extent(ind)
				c := tslc.New(sz[0], sz[1], tslc.WithTimeRange(from, to), tslc.WithYRange(0, 20),
					tslc.WithAxesStyles(st.Axis, st.Label))
				for i, s := range ind.Series {
					name := s.Entity
					c.SetDataSetStyle(name, st.Series[i%len(st.Series)])
					for _, p := range s.Points {
						c.PushDataSet(name, tslc.TimePoint{Time: p.Period.Start(), Value: p.Value})
					}
				}
				c.DrawBrailleAll()
				_ = c.View()
			}
		})
	}
}
