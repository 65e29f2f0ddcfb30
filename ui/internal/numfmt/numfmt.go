// Package numfmt is the one number formatter of the dashboard: cards,
// tables, details and chart labels all format through Format, with the
// language's separators as a parameter.
package numfmt

import (
	"math"
	"strconv"
	"strings"
)

// Locale holds the separators of numbers in one language.
type Locale struct {
	Decimal   string // "." in English, "," in Russian
	Thousands string // "," in English, a no-break space in Russian
}

// English and Russian are the locales of the dashboard's languages.
var (
	English = Locale{Decimal: ".", Thousands: ","}
	Russian = Locale{Decimal: ",", Thousands: "\u00a0"}
)

// For is the locale of a language tag; English for any other.
func For(lang string) Locale {
	if lang == "ru" {
		return Russian
	}
	return English
}

// Limits of the plain form; beyond them Format writes an exponent.
const (
	// Huge is the magnitude from which numbers are written as 1.23e+15: a
	// plain form would run to 20 or more characters, wider than a card's
	// figure or an axis label.
	Huge = 1e15
	// tiny is the magnitude below which a non-zero number has no digit
	// within the 6 decimals Format writes at most: 1e-09, not 0.000000.
	tiny = 5e-7
	// maxDecimals bounds dec: the format allows 0..6 decimals.
	maxDecimals = 6
)

// Format writes v with dec decimals (clamped to 0..6) and loc's
// separators: "1,234.5" or "1 234,5". NaN is "–", ±Inf "∞" and "-∞";
// magnitudes of Huge and more, or below 5e-7, are written with three
// significant digits and an exponent. A value that rounds to zero has no
// minus sign.
func Format(v float64, dec int, loc Locale) string {
	switch {
	case math.IsNaN(v):
		return "–"
	case math.IsInf(v, 1):
		return "∞"
	case math.IsInf(v, -1):
		return "-∞"
	}
	dec = min(max(dec, 0), maxDecimals)
	if a := math.Abs(v); a >= Huge || a != 0 && a < tiny {
		return strings.Replace(strconv.FormatFloat(v, 'g', 3, 64), ".", loc.Decimal, 1)
	}
	s := strconv.FormatFloat(math.Abs(v), 'f', dec, 64)
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	b.Grow(len(s) + len(s)/3*len(loc.Thousands) + 1)
	if v < 0 && strings.Trim(intPart+frac, "0") != "" {
		b.WriteByte('-')
	}
	for i := 0; i < len(intPart); i++ {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(loc.Thousands)
		}
		b.WriteByte(intPart[i])
	}
	if hasFrac {
		b.WriteString(loc.Decimal)
		b.WriteString(frac)
	}
	return b.String()
}

// Signed is Format with a "+" before a positive value that does not round
// to zero: "+1.2", "-3", "0.0".
func Signed(v float64, dec int, loc Locale) string {
	s := Format(v, dec, loc)
	if v > 0 && s != Format(0, dec, loc) {
		return "+" + s
	}
	return s
}
