package chart

import (
	"math"
	"strconv"
	"strings"
)

// formatNum formats v with dec decimals and a thousands separator, in the
// conventions of tr ("1,234.5" or "1 234,5"). Huge magnitudes fall back to
// exponent form so that a label never runs to hundreds of digits.
func formatNum(v float64, dec int, tr strs) string {
	switch {
	case math.IsNaN(v):
		return "–"
	case math.IsInf(v, 1):
		return "∞"
	case math.IsInf(v, -1):
		return "-∞"
	}
	if dec < 0 {
		dec = 0
	}
	if dec > 6 {
		dec = 6
	}
	if a := math.Abs(v); a >= 1e15 || a != 0 && a < 5e-7 {
		return strings.Replace(strconv.FormatFloat(v, 'g', 3, 64), ".", tr.decimal, 1)
	}
	s := strconv.FormatFloat(v, 'f', dec, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, hasFrac := strings.Cut(s, ".")
	if neg && strings.Trim(intPart+frac, "0") == "" {
		neg = false // no "-0"
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(tr.thousands)
		}
		b.WriteRune(c)
	}
	if hasFrac {
		b.WriteString(tr.decimal)
		b.WriteString(frac)
	}
	return b.String()
}

// formatSigned is formatNum with an explicit "+" for positive values, for
// relative changes.
func formatSigned(v float64, dec int, tr strs) string {
	s := formatNum(v, dec, tr)
	if v > 0 && s != formatNum(0, dec, tr) {
		return "+" + s
	}
	return s
}

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
