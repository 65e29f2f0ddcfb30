package chart

import (
	"fmt"
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
