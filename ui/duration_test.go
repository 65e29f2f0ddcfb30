package ui

import (
	"testing"
	"time"
)

func TestHumanDuration(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		d      time.Duration
		en, ru string
	}{
		{300 * time.Millisecond, "300 ms", "300 мс"},
		{0, "0 ms", "0 мс"},
		{45 * time.Second, "45 s", "45 с"},
		{1500 * time.Millisecond, "2 s", "2 с"},
		{30 * time.Minute, "30 min", "30 мин"},
		{90 * time.Minute, "1 h 30 min", "1 ч 30 мин"},
		{8 * time.Hour, "8 h", "8 ч"},
		{2*time.Minute + 5*time.Second, "2 min 5 s", "2 мин 5 с"},
	} {
		if got := HumanDuration(c.d, "en"); got != c.en {
			t.Errorf("HumanDuration(%v, en) = %q, want %q", c.d, got, c.en)
		}
		if got := HumanDuration(c.d, "ru"); got != c.ru {
			t.Errorf("HumanDuration(%v, ru) = %q, want %q", c.d, got, c.ru)
		}
	}
}
