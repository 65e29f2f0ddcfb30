package chart

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/eaeu-dash/eaeu-dash/data"
)

func TestZoomIn(t *testing.T) {
	t.Parallel()
	from, to := utc(2020, 1, 1), utc(2026, 1, 1) // 6 years (2192 days)
	cases := []struct {
		name         string
		from, to     time.Time
		center       float64
		wantF, wantT time.Time
	}{
		{"centre keeps the middle", from, to, 0.5, utc(2021, 1, 1), utc(2025, 1, 1)},
		{"left edge stays put", from, to, 0, from, from.AddDate(0, 0, 2192*2/3)},
		{"right edge stays put", from, to, 1, to.AddDate(0, 0, -2192*2/3), to},
		{"centre out of range is clamped", from, to, 7, to.AddDate(0, 0, -2192*2/3), to},
		{"NaN centre zooms on the middle", from, to, math.NaN(), utc(2021, 1, 1), utc(2025, 1, 1)},
		{"two days is the limit", utc(2024, 7, 1), utc(2024, 7, 3), 0.5, utc(2024, 7, 1), utc(2024, 7, 3)},
		{"never narrower than two days", utc(2024, 7, 1), utc(2024, 7, 4), 0, utc(2024, 7, 1), utc(2024, 7, 3)},
		{"reversed range is ordered", to, from, 0.5, utc(2021, 1, 1), utc(2025, 1, 1)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, to := ZoomIn(c.from, c.to, c.center)
			if !near(f, c.wantF) || !near(to, c.wantT) {
				t.Errorf("ZoomIn = %s .. %s, want %s .. %s", f, to, c.wantF, c.wantT)
			}
		})
	}
}

func TestZoomInWholeExtentMarker(t *testing.T) {
	t.Parallel()
	if f, to := ZoomIn(time.Time{}, time.Time{}, 0.5); !f.IsZero() || !to.IsZero() {
		t.Errorf("zero range should come back zero, got %s .. %s", f, to)
	}
}

// near allows a day of slack for leap days in the expectations.
func near(a, b time.Time) bool { return math.Abs(a.Sub(b).Hours()) <= 24 }

func TestZoomOut(t *testing.T) {
	t.Parallel()
	lf, lt := utc(2015, 1, 1), utc(2031, 1, 1)
	cases := []struct {
		name         string
		from, to     time.Time
		center       float64
		limF, limT   time.Time
		wantF, wantT time.Time
	}{
		{"centre widens by half", utc(2020, 1, 1), utc(2024, 1, 1), 0.5, lf, lt, utc(2019, 1, 1), utc(2025, 1, 1)},
		{"stops at the lower limit, keeps the span", utc(2015, 6, 1), utc(2019, 6, 1), 0.5, lf, lt, lf, utc(2021, 1, 1)},
		{"stops at the upper limit", utc(2027, 1, 1), utc(2031, 1, 1), 1, lf, lt, utc(2025, 1, 1), lt},
		{"never wider than the limits", utc(2016, 1, 1), utc(2030, 1, 1), 0.5, lf, lt, lf, lt},
		{"no limits", utc(2020, 1, 1), utc(2024, 1, 1), 0, time.Time{}, time.Time{}, utc(2020, 1, 1), utc(2026, 1, 1)},
		{"empty range grows", utc(2024, 1, 1), utc(2024, 1, 1), 0.5, lf, lt, utc(2023, 12, 30), utc(2024, 1, 2)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, to := ZoomOut(c.from, c.to, c.center, c.limF, c.limT)
			if !near(f, c.wantF) || !near(to, c.wantT) {
				t.Errorf("ZoomOut = %s .. %s, want %s .. %s", f, to, c.wantF, c.wantT)
			}
		})
	}
}

func TestZoomInThenOutRestores(t *testing.T) {
	t.Parallel()
	lf, lt := utc(2000, 1, 1), utc(2040, 1, 1)
	f0, t0 := utc(2010, 1, 1), utc(2030, 1, 1)
	f, to := ZoomIn(f0, t0, 0.3)
	f, to = ZoomOut(f, to, 0.3, lf, lt)
	if f.Sub(f0).Abs() > time.Minute || to.Sub(t0).Abs() > time.Minute {
		t.Errorf("in then out = %s .. %s, want %s .. %s", f, to, f0, t0)
	}
}

func TestPan(t *testing.T) {
	t.Parallel()
	lf, lt := utc(2015, 1, 1), utc(2031, 1, 1)
	cases := []struct {
		name         string
		from, to     time.Time
		frac         float64
		wantF, wantT time.Time
	}{
		{"back a tenth", utc(2020, 1, 1), utc(2030, 1, 1), -0.1, utc(2019, 1, 1), utc(2029, 1, 1)},
		{"forward a tenth", utc(2016, 1, 1), utc(2026, 1, 1), 0.1, utc(2017, 1, 1), utc(2027, 1, 1)},
		{"stops at the start, keeping the span", utc(2016, 1, 1), utc(2026, 1, 1), -0.5, lf, utc(2025, 1, 1)},
		{"stops at the end", utc(2016, 1, 1), utc(2026, 1, 1), 2, utc(2021, 1, 1), lt},
		{"NaN does not move", utc(2020, 1, 1), utc(2030, 1, 1), math.NaN(), utc(2020, 1, 1), utc(2030, 1, 1)},
		{"whole extent cannot move", lf, lt, 0.3, lf, lt},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, to := Pan(c.from, c.to, c.frac, lf, lt)
			if !near(f, c.wantF) || !near(to, c.wantT) {
				t.Errorf("Pan = %s .. %s, want %s .. %s", f, to, c.wantF, c.wantT)
			}
		})
	}
}

func TestExtent(t *testing.T) {
	t.Parallel()
	y := data.YearPeriod
	cases := []struct {
		name         string
		ind          *data.Indicator
		wantF, wantT time.Time
	}{
		{"nil", nil, time.Time{}, time.Time{}},
		{"no points", &data.Indicator{Series: []data.Series{{Entity: "KZ"}}}, time.Time{}, time.Time{}},
		// Half a period (here a year) beats 3% of eleven years.
		{"transit: half a year each side", transitIndicator(), utc(2019, 1, 1).Add(-halfYear), utc(2030, 1, 1).Add(halfYear)},
		{"long monthly span: 3% each side", longMonthly(), utc(1950, 1, 1).Add(-threePct), utc(2050, 1, 1).Add(threePct)},
		{"one year point gets half a year each side", &data.Indicator{Series: []data.Series{{Points: []data.Point{pt(y(2024), 1, data.Actual)}}}}, utc(2024, 1, 1).Add(-halfYear), utc(2024, 1, 1).Add(halfYear)},
		{"one day point gets half a day each side", &data.Indicator{Series: []data.Series{{Points: []data.Point{pt(data.DayPeriod(2024, 7, 15), 1, data.Actual)}}}}, utc(2024, 7, 14).Add(12 * time.Hour), utc(2024, 7, 15).Add(12 * time.Hour)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, to := Extent(c.ind)
			if c.wantF.IsZero() {
				if !f.IsZero() || !to.IsZero() {
					t.Errorf("Extent = %s .. %s, want zero", f, to)
				}
				return
			}
			if f.Sub(c.wantF).Abs() > time.Hour || to.Sub(c.wantT).Abs() > time.Hour {
				t.Errorf("Extent = %s .. %s, want %s .. %s", f, to, c.wantF, c.wantT)
			}
		})
	}
}

const halfYear = time.Duration(365.25 / 2 * 24 * float64(time.Hour))

// threePct is 3% of 1950-01-01 .. 2050-01-01 (36525 days).
const threePct = time.Duration(0.03 * 36525 * 24 * float64(time.Hour))

func longMonthly() *data.Indicator {
	return &data.Indicator{Series: []data.Series{{Points: []data.Point{
		pt(data.MonthPeriod(1950, 1), 1, data.Actual), pt(data.MonthPeriod(2050, 1), 2, data.Actual)}}}}
}

func TestLTTB(t *testing.T) {
	t.Parallel()
	xs := make([]float64, 100)
	ys := make([]float64, 100)
	for i := range xs {
		xs[i] = float64(i)
	}
	ys[37] = 50 // a spike LTTB must keep
	ys[71] = -20

	cases := []struct {
		name    string
		xs, ys  []float64
		n       int
		wantLen int
	}{
		{"shorter than n is copied", xs[:5], ys[:5], 10, 5},
		{"exactly n", xs[:10], ys[:10], 10, 10},
		{"reduced to n", xs, ys, 10, 10},
		{"n=2 keeps the ends", xs, ys, 2, 2},
		{"n=1", xs, ys, 1, 1},
		{"n=0", xs, ys, 0, 0},
		{"empty", nil, nil, 10, 0},
		{"mismatched lengths use the shorter", xs, ys[:20], 10, 10},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ox, oy := LTTB(c.xs, c.ys, c.n)
			if len(ox) != c.wantLen || len(oy) != c.wantLen {
				t.Fatalf("len = %d, %d; want %d", len(ox), len(oy), c.wantLen)
			}
			if c.wantLen >= 2 {
				m := min(len(c.xs), len(c.ys))
				if ox[0] != c.xs[0] || ox[len(ox)-1] != c.xs[m-1] {
					t.Errorf("ends not kept: %v .. %v", ox[0], ox[len(ox)-1])
				}
			}
			for i := 1; i < len(ox); i++ {
				if ox[i] <= ox[i-1] {
					t.Fatalf("x not increasing at %d: %v", i, ox)
				}
			}
		})
	}
	_, oy := LTTB(xs, ys, 10)
	var hasSpike, hasDip bool
	for _, v := range oy {
		hasSpike = hasSpike || v == 50
		hasDip = hasDip || v == -20
	}
	if !hasSpike || !hasDip {
		t.Errorf("LTTB lost the extremes: %v", oy)
	}
	// The input is not modified and the output does not alias it.
	ox, _ := LTTB(xs[:5], ys[:5], 10)
	ox[0] = 99
	if xs[0] != 0 {
		t.Error("LTTB output aliases its input")
	}
}

// pointTime decodes data.Period itself for speed; it must agree with Start.
func TestPointTimeMatchesStart(t *testing.T) {
	t.Parallel()
	var ps []data.Period
	for _, y := range []int{1, 4, 100, 1600, 1900, 1969, 1970, 2000, 2024, 2100, 9999} {
		ps = append(ps, data.YearPeriod(y), data.QuarterPeriod(y, 4), data.MonthPeriod(y, 2), data.DayPeriod(y, 2, 28), data.DayPeriod(y, 12, 31))
	}
	ps = append(ps, data.DayPeriod(2024, 2, 29), data.DayPeriod(2000, 2, 29))
	for _, p := range ps {
		if got, want := pointTime(p), secs(p.Start()); got != want {
			t.Errorf("%s: pointTime %v, Start %v", p, got, want)
		}
	}
}

func TestZoomInToStopsAtMinSpan(t *testing.T) {
	t.Parallel()
	year := 365 * 24 * time.Hour
	from, to := utc(2019, 1, 1), utc(2025, 1, 1)
	for i := 0; i < 20; i++ {
		from, to = ZoomInTo(from, to, 0.5, 2*year)
	}
	if d := to.Sub(from); d < 2*year-time.Hour || d > 3*year {
		t.Fatalf("zoomed to %v, want about two years", d)
	}
	f2, t2 := ZoomInTo(from, to, 0.5, 2*year)
	if !f2.Equal(from) || !t2.Equal(to) {
		t.Fatalf("zoom at the limit moved: %s..%s -> %s..%s", from, to, f2, t2)
	}
}

func TestMinSpan(t *testing.T) {
	t.Parallel()
	if d := MinSpan(transitIndicator()); d < 700*24*time.Hour || d > 740*24*time.Hour {
		t.Errorf("yearly indicator: MinSpan %v, want about two years", d)
	}
	if d := MinSpan(nil); d != 2*24*time.Hour {
		t.Errorf("no indicator: MinSpan %v, want two days", d)
	}
}

// Zoomed in between the last result and the next target, the chart still
// draws the dotted line that crosses the range (not "no data").
func TestZoomBetweenResultAndTarget(t *testing.T) {
	t.Parallel()
	in := Input{Ind: transitIndicator(), Names: []string{"KZ", "RU", "BY"}, Width: 60, Height: 16,
		From: utc(2026, 3, 1), To: utc(2026, 9, 1)}
	out := Render(in, asciiStyles())
	if strings.Contains(out, texts("en").noData) {
		t.Fatalf("no data between a result and a target:\n%s", out)
	}
	if !strings.ContainsAny(out, "⠁⠂⠄⡀⠈⠐⠠⢀") {
		t.Fatalf("no dotted line in the range:\n%s", out)
	}
}
