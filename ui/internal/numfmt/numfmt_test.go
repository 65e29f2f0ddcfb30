package numfmt

import (
	"math"
	"testing"
)

func TestFormat(t *testing.T) {
	t.Parallel()
	en, ru := English, Russian
	cases := []struct {
		v    float64
		dec  int
		loc  Locale
		want string
	}{
		{0, 0, en, "0"},
		{1234567.891, 2, en, "1,234,567.89"},
		{1234567.891, 1, ru, "1\u00a0234\u00a0567,9"},
		{-1.25, 2, en, "-1.25"},
		{-1234, 0, en, "-1,234"},
		{-1234, 0, ru, "-1\u00a0234"},
		{-0.001, 1, en, "0.0"}, // rounds to zero: no "-0.0"
		{-0.01, 1, en, "0.0"},
		{999, 0, en, "999"},
		{1000, 0, en, "1,000"},
		{-1000000, 0, en, "-1,000,000"},
		{0.5, 2, en, "0.50"},
		{12.5, 9, en, "12.500000"}, // decimals clamp to 6
		{12.6, -1, en, "13"},       // and to 0
		{0.5, 2, ru, "0,50"},

		// Not numbers and infinities.
		{math.NaN(), 1, en, "–"},
		{math.Inf(1), 0, en, "∞"},
		{math.Inf(-1), 2, ru, "-∞"},

		// From 1e15 up, and below 5e-7, an exponent with the locale's decimal.
		{999999999999999, 0, en, "999,999,999,999,999"},
		{1e15, 0, en, "1e+15"},
		{-1.234e15, 2, ru, "-1,23e+15"},
		{2e300, 0, en, "2e+300"},
		{math.MaxFloat64, 0, en, "1.8e+308"},
		{1e-9, 2, en, "1e-09"},
		{-4.56e-7, 6, ru, "-4,56e-07"},
		{6e-7, 6, en, "0.000001"},
	}
	for _, c := range cases {
		if got := Format(c.v, c.dec, c.loc); got != c.want {
			t.Errorf("Format(%v, %d, %q) = %q, want %q", c.v, c.dec, c.loc.Decimal, got, c.want)
		}
	}
}

func TestSigned(t *testing.T) {
	t.Parallel()
	cases := []struct {
		v    float64
		dec  int
		loc  Locale
		want string
	}{
		{1.25, 1, English, "+1.2"},
		{1.25, 1, Russian, "+1,2"},
		{-3, 0, English, "-3"},
		{0, 1, English, "0.0"},
		{0.01, 1, English, "0.0"}, // rounds to zero: no sign
		{1500, 0, Russian, "+1\u00a0500"},
		{math.Inf(1), 0, English, "+∞"},
		{2e15, 0, English, "+2e+15"},
	}
	for _, c := range cases {
		if got := Signed(c.v, c.dec, c.loc); got != c.want {
			t.Errorf("Signed(%v, %d) = %q, want %q", c.v, c.dec, got, c.want)
		}
	}
}

func TestFor(t *testing.T) {
	t.Parallel()
	if For("ru") != Russian || For("en") != English || For("kk") != English {
		t.Error("For: wrong locale")
	}
}
