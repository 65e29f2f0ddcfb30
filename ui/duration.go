package ui

import (
	"strconv"
	"strings"
	"time"
)

// HumanDuration says d the way a person would in lang ("en", "ru"):
// "30 min", "1 h 30 min", "45 s", "300 ms" / "30 мин", "1 ч 30 мин",
// "45 с", "300 мс". Under a second it counts milliseconds; otherwise
// hours, minutes and seconds, leaving out the parts that are zero
// (Go's "30m0s" is for programmers).
func HumanDuration(d time.Duration, lang string) string {
	u := [4]string{"h", "min", "s", "ms"}
	if lang == "ru" {
		u = [4]string{"ч", "мин", "с", "мс"}
	}
	if d < 0 {
		d = -d
	}
	if d < time.Second {
		return strconv.FormatInt(d.Milliseconds(), 10) + " " + u[3]
	}
	d = d.Round(time.Second)
	var parts []string
	for i, unit := range []time.Duration{time.Hour, time.Minute, time.Second} {
		if n := d / unit; n > 0 {
			parts = append(parts, strconv.FormatInt(int64(n), 10)+" "+u[i])
			d -= n * unit
		}
	}
	return strings.Join(parts, " ")
}
