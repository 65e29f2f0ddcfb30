package chart

import (
	"math"

	"github.com/eaeu-dash/eaeu-dash/ui/internal/numfmt"
)

// formatNum is numfmt.Format in tr's locale.
func formatNum(v float64, dec int, tr strs) string { return numfmt.Format(v, dec, tr.locale) }

// formatSigned is numfmt.Signed in tr's locale, for relative changes.
func formatSigned(v float64, dec int, tr strs) string { return numfmt.Signed(v, dec, tr.locale) }

// stepDecimals is how many decimals tick labels need at this step.
func stepDecimals(step float64) int {
	if !(step > 0) || math.IsInf(step, 0) {
		return 0
	}
	d := 0
	for d < 6 && math.Abs(step*math.Pow10(d)-math.Round(step*math.Pow10(d))) > 1e-9*math.Pow10(d) {
		d++
	}
	return d
}

// niceStep is a 1, 2 or 5 times a power of ten step that splits span into
// at most about n intervals.
func niceStep(span float64, n int) float64 {
	if n < 1 {
		n = 1
	}
	if !(span > 0) || math.IsInf(span, 0) {
		return 1
	}
	raw := span / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	switch f := raw / mag; {
	case f <= 1:
		return mag
	case f <= 2:
		return 2 * mag
	case f <= 5:
		return 5 * mag
	default:
		return 10 * mag
	}
}

// finite reports whether v is a usable number.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
