package chart

import (
	"math"
	"time"

	"github.com/eaeu-dash/eaeu-dash/data"
)

// Times are handled as float seconds since the Unix epoch: a time.Duration
// overflows beyond 292 years, and periods reach from year 1 to 9999.

func secs(t time.Time) float64 { return float64(t.Unix()) + float64(t.Nanosecond())/1e9 }

func fromSecs(s float64) time.Time {
	const lo, hi = -62135596800.0, 253402300799.0 // 0001-01-01 .. 9999-12-31
	if math.IsNaN(s) {
		s = 0
	}
	s = math.Max(lo, math.Min(hi, s))
	whole := math.Floor(s)
	return time.Unix(int64(whole), int64((s-whole)*1e9)).UTC()
}

const (
	day        = 86400.0
	minSpan    = 2 * day // zooming in stops at two days
	zoomInBy   = 2.0 / 3
	zoomOutBy  = 1.5
	extentEdge = 0.03 // margin of Extent, as a fraction of the span
)

// Extent is the default visible range of an indicator: from the first to
// the last point, plus a small margin (half a period at least, so that a
// single point still has room).
func Extent(ind *data.Indicator) (from, to time.Time) {
	lo, hi, gran, ok := pointSpan(ind)
	if !ok {
		return time.Time{}, time.Time{}
	}
	margin := (hi - lo) * extentEdge
	if half := granSecs(gran) / 2; margin < half {
		margin = half
	}
	return fromSecs(lo - margin), fromSecs(hi + margin)
}

// pointSpan is the earliest and latest point time (period start) of ind
// and the finest granularity among its points.
func pointSpan(ind *data.Indicator) (lo, hi float64, gran data.Granularity, ok bool) {
	if ind == nil {
		return 0, 0, 0, false
	}
	// Periods order by their start, so the extremes are found without
	// converting every period to a time.
	var first, last data.Period
	for i := range ind.Series {
		pts := ind.Series[i].Points
		for j := range pts {
			p := pts[j].Period
			if p.IsZero() {
				continue
			}
			if first == 0 || p < first {
				first = p
			}
			if p > last {
				last = p
			}
			if g := p.Gran(); g > gran {
				gran = g
			}
		}
	}
	if first == 0 {
		return 0, 0, 0, false
	}
	return pointTime(first), pointTime(last), gran, true
}

// pointTime is where a point sits on the time axis: its period's start,
// in seconds. It decodes the packing documented on data.Period instead of
// calling Start (time.Date dominated renders of a million points);
// TestPointTimeMatchesStart guards the equivalence.
func pointTime(p data.Period) float64 {
	v := int64(p) >> 2
	y, m, d := v/10000, v/100%100, v%100
	return float64(daysFromCivil(y, m, d)) * day
}

// daysFromCivil is the number of days from 1970-01-01 to y-m-d in the
// proleptic Gregorian calendar (H. Hinnant's algorithm).
func daysFromCivil(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// granSecs is the approximate length of a period of granularity g.
func granSecs(g data.Granularity) float64 {
	switch g {
	case data.Year:
		return 365.25 * day
	case data.Quarter:
		return 91.31 * day
	case data.Month:
		return 30.44 * day
	default:
		return day
	}
}

// MinSpan is the narrowest range worth zooming ind to: two periods of its
// finest granularity (two years of yearly figures, two months of monthly
// ones), so that a zoomed chart still shows a stretch of its line.
func MinSpan(ind *data.Indicator) time.Duration {
	_, _, gran, ok := pointSpan(ind)
	if !ok {
		return time.Duration(minSpan * float64(time.Second))
	}
	return time.Duration(2 * granSecs(gran) * float64(time.Second))
}

// normRange orders from and to; an empty range grows to minSpan around it.
func normRange(from, to time.Time) (a, b float64) {
	a, b = secs(from), secs(to)
	if b < a {
		a, b = b, a
	}
	if b-a < minSpan {
		mid := (a + b) / 2
		a, b = mid-minSpan/2, mid+minSpan/2
	}
	return a, b
}

func clampCenter(c float64) float64 {
	if math.IsNaN(c) {
		return 0.5
	}
	return math.Max(0, math.Min(1, c))
}

// ZoomIn narrows the range to two thirds, keeping the instant at center
// (0 = from, 1 = to) where it is. It stops at a span of two days. Pass a
// real range (Extent gives the whole one); two zero times come back as is.
func ZoomIn(from, to time.Time, center float64) (time.Time, time.Time) {
	return ZoomInTo(from, to, center, 0)
}

// ZoomInTo is ZoomIn that stops at a span of atLeast (MinSpan of the
// indicator, say) or two days, whichever is longer.
func ZoomInTo(from, to time.Time, center float64, atLeast time.Duration) (time.Time, time.Time) {
	if from.IsZero() && to.IsZero() {
		return from, to // "whole extent": the caller resolves it with Extent first
	}
	a, b := secs(from), secs(to)
	if b < a {
		a, b = b, a
	}
	span := b - a
	least := math.Max(minSpan, atLeast.Seconds())
	if span <= least {
		return fromSecs(a), fromSecs(b)
	}
	c := clampCenter(center)
	anchor := a + c*span
	ns := math.Max(span*zoomInBy, least)
	return fromSecs(anchor - c*ns), fromSecs(anchor - c*ns + ns)
}

// ZoomOut widens the range by half, keeping the instant at center where it
// is as far as the limits allow; it never goes beyond [limFrom, limTo]
// (a zero limit is no limit).
func ZoomOut(from, to time.Time, center float64, limFrom, limTo time.Time) (time.Time, time.Time) {
	a, b := normRange(from, to)
	c := clampCenter(center)
	anchor := a + c*(b-a)
	ns := (b - a) * zoomOutBy
	return clampRange(anchor-c*ns, anchor-c*ns+ns, limFrom, limTo)
}

// Pan moves the range by frac of its span (negative: back in time), keeping
// its span and stopping at the limits.
func Pan(from, to time.Time, frac float64, limFrom, limTo time.Time) (time.Time, time.Time) {
	a, b := secs(from), secs(to)
	if b < a {
		a, b = b, a
	}
	if !finite(frac) {
		frac = 0
	}
	d := frac * (b - a)
	return clampRange(a+d, b+d, limFrom, limTo)
}

// clampRange shifts [a, b] inside the limits, keeping its span if it fits
// and shrinking it to the limits if it does not.
func clampRange(a, b float64, limFrom, limTo time.Time) (time.Time, time.Time) {
	hasLo, hasHi := !limFrom.IsZero(), !limTo.IsZero()
	lo, hi := secs(limFrom), secs(limTo)
	if hasLo && hasHi && hi < lo {
		lo, hi = hi, lo
	}
	if hasLo && hasHi && b-a >= hi-lo {
		return fromSecs(lo), fromSecs(hi)
	}
	if hasLo && a < lo {
		b += lo - a
		a = lo
	}
	if hasHi && b > hi {
		a -= b - hi
		b = hi
	}
	return fromSecs(a), fromSecs(b)
}
