package chart

import (
	"math"

	"github.com/NimbleMarkets/ntcharts/canvas/runes"
)

// barScale maps values to columns of a horizontal bar area of width cells,
// with a zero line so negative values extend left of it.
type barScale struct {
	lo, hi float64
	width  int
}

func newBarScale(vals []float64, width int) barScale {
	lo, hi := 0.0, 0.0
	for _, v := range vals {
		if finite(v) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if hi == lo {
		hi = lo + 1
	}
	return barScale{lo: lo, hi: hi, width: width}
}

func (s barScale) col(v float64) float64 {
	return (v - s.lo) / (s.hi - s.lo) * float64(s.width)
}

// drawBar draws v as a bar from the zero column at row y, starting at
// column x0. Solid bars get eighth-cell precision; fill is used for every
// full cell of a non-solid bar (░ for promises, ▓ for estimates).
func drawBar(g *grid, x0, y int, s barScale, v float64, fill rune, solid bool, st styleID) {
	if !finite(v) {
		return
	}
	z, e := s.col(0), s.col(v)
	if e >= z {
		full := int(math.Floor(e - z + 1e-9))
		start := int(math.Round(z))
		for k := 0; k < full && start+k < s.width; k++ {
			g.set(x0+start+k, y, fill, st)
		}
		if solid {
			if r := runes.LeftBlockElementFromFloat64(e - z - float64(full)); r != 0 && start+full < s.width {
				g.set(x0+start+full, y, r, st)
			}
		} else if full == 0 && v > 0 && start < s.width {
			g.set(x0+start, y, fill, st) // keep a non-zero value visible
		}
		return
	}
	n := int(math.Round(z - e))
	if n == 0 {
		n = 1
	}
	end := int(math.Round(z))
	for k := 1; k <= n && end-k >= 0; k++ {
		g.set(x0+end-k, y, fill, st)
	}
}
