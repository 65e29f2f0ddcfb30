package data

import (
	"fmt"
	"time"
)

// Granularity is how long a period lasts.
type Granularity uint8

const (
	Year Granularity = iota
	Quarter
	Month
	Day
)

// Period is a year, quarter, month or day packed into one integer so that
// comparing two periods compares their starts (then their granularity):
// (year*10000 + month*100 + day) * 4 + granularity. The zero Period means
// "none".
type Period int32

func makePeriod(y, m, d int, g Granularity) Period {
	return Period((y*10000+m*100+d)*4 + int(g))
}

// YearPeriod, QuarterPeriod, MonthPeriod and DayPeriod build periods.
func YearPeriod(y int) Period         { return makePeriod(y, 1, 1, Year) }
func QuarterPeriod(y, q int) Period   { return makePeriod(y, (q-1)*3+1, 1, Quarter) }
func MonthPeriod(y, m int) Period     { return makePeriod(y, m, 1, Month) }
func DayPeriod(y, m, d int) Period    { return makePeriod(y, m, d, Day) }
func (p Period) Gran() Granularity    { return Granularity(int32(p) & 3) }
func (p Period) ymd() (y, m, d int)   { v := int(p) >> 2; return v / 10000, v / 100 % 100, v % 100 }
func (p Period) IsZero() bool         { return p == 0 }
func (p Period) Year() int            { y, _, _ := p.ymd(); return y }
func (p Period) Before(q Period) bool { return p < q }

// Start is the first instant of the period, in UTC.
func (p Period) Start() time.Time {
	y, m, d := p.ymd()
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
}

// End is the first instant after the period, in UTC.
func (p Period) End() time.Time {
	s := p.Start()
	switch p.Gran() {
	case Year:
		return s.AddDate(1, 0, 0)
	case Quarter:
		return s.AddDate(0, 3, 0)
	case Month:
		return s.AddDate(0, 1, 0)
	default:
		return s.AddDate(0, 0, 1)
	}
}

// String is the canonical form used in files: 2024, 2024-Q3, 2024-07, 2024-07-15.
func (p Period) String() string {
	if p == 0 {
		return ""
	}
	y, m, d := p.ymd()
	switch p.Gran() {
	case Year:
		return fmt.Sprintf("%04d", y)
	case Quarter:
		return fmt.Sprintf("%04d-Q%d", y, (m-1)/3+1)
	case Month:
		return fmt.Sprintf("%04d-%02d", y, m)
	default:
		return fmt.Sprintf("%04d-%02d-%02d", y, m, d)
	}
}

// Label is the form shown to people: 2024, 2024 Q3, Jul 2024, 15 Jul 2024.
func (p Period) Label() string {
	if p == 0 {
		return ""
	}
	y, m, d := p.ymd()
	switch p.Gran() {
	case Year:
		return fmt.Sprintf("%d", y)
	case Quarter:
		return fmt.Sprintf("%d Q%d", y, (m-1)/3+1)
	case Month:
		return fmt.Sprintf("%s %d", time.Month(m).String()[:3], y)
	default:
		return fmt.Sprintf("%d %s %d", d, time.Month(m).String()[:3], y)
	}
}

// ParsePeriod reads YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD.
func ParsePeriod(s string) (Period, bool) {
	digits := func(s string) (int, bool) {
		n := 0
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, len(s) > 0
	}
	if len(s) < 4 {
		return 0, false
	}
	y, ok := digits(s[:4])
	if !ok || y < 1 {
		return 0, false
	}
	switch len(s) {
	case 4:
		return YearPeriod(y), true
	case 7:
		if s[4] != '-' {
			return 0, false
		}
		if s[5] == 'Q' {
			q, ok := digits(s[6:])
			if !ok || q < 1 || q > 4 {
				return 0, false
			}
			return QuarterPeriod(y, q), true
		}
		m, ok := digits(s[5:])
		if !ok || m < 1 || m > 12 {
			return 0, false
		}
		return MonthPeriod(y, m), true
	case 10:
		if s[4] != '-' || s[7] != '-' {
			return 0, false
		}
		m, ok1 := digits(s[5:7])
		d, ok2 := digits(s[8:])
		if !ok1 || !ok2 || m < 1 || m > 12 || d < 1 {
			return 0, false
		}
		if d > time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day() {
			return 0, false
		}
		return DayPeriod(y, m, d), true
	}
	return 0, false
}

// ParseDate reads a YYYY-MM-DD date.
func ParseDate(s string) (Period, bool) {
	if len(s) != 10 {
		return 0, false
	}
	return ParsePeriod(s)
}
