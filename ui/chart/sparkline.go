package chart

import (
	"math"
	"strings"

	"github.com/NimbleMarkets/ntcharts/canvas/runes"
)

// Sparkline draws values as one line of exactly width cells of block
// elements, latest on the right. Non-finite values are skipped; more values
// than cells are reduced with LTTB so peaks survive.
func Sparkline(values []float64, width int, st Styles) string {
	if width <= 0 {
		return ""
	}
	var xs, ys []float64
	for i, v := range values {
		if finite(v) {
			xs = append(xs, float64(i))
			ys = append(ys, v)
		}
	}
	if len(ys) > width {
		_, ys = LTTB(xs, ys, width)
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range ys {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	pad := strings.Repeat(" ", max(0, width-len(ys)))
	var line strings.Builder
	for _, v := range ys {
		f := 0.5
		if hi > lo {
			f = (v - lo) / (hi - lo)
		}
		// Never blank: the lowest value still shows as a one-eighth block.
		if st.ASCII {
			line.WriteByte(asciiLevels[min(len(asciiLevels)-1, int(f*float64(len(asciiLevels))))])
			continue
		}
		r := runes.LowerBlockElementFromFloat64(0.125 + f*0.875)
		line.WriteRune(r)
	}
	if line.Len() == 0 {
		return pad
	}
	if st.Mono || len(st.Series) == 0 {
		return pad + line.String()
	}
	return pad + st.Series[0].Render(line.String())
}

// asciiLevels are a sparkline's eight heights in ASCII (Styles.ASCII),
// lowest first.
const asciiLevels = "_.-=+*#@"
