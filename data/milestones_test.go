package data

import (
	"math"
	"testing"
)

func TestFindMilestones(t *testing.T) {
	t.Parallel()
	y, q, mo := YearPeriod, QuarterPeriod, MonthPeriod
	pt := func(p Period, v float64, s Status) Point { return Point{Period: p, Value: v, Status: s, Source: -1} }
	ms := func(cur, base, tgt, prev int) Milestones {
		return Milestones{Current: cur, Baseline: base, Target: tgt, Previous: prev}
	}
	cases := []struct {
		name string
		pts  []Point
		want Milestones
	}{
		{"none", nil, NoMilestones},
		{"actuals and a target", []Point{pt(y(2020), 1, Actual), pt(y(2021), 2, Actual), pt(y(2030), 5, Target)}, ms(1, 0, 2, 0)},
		{"estimate is current only without actuals", []Point{pt(y(2020), 1, Estimate), pt(y(2030), 5, Plan)}, ms(0, -1, 1, -1)},
		{"latest actual beats a later estimate", []Point{pt(y(2020), 1, Actual), pt(y(2021), 2, Estimate)}, ms(0, 0, -1, -1)},
		{"a past target is not the target", []Point{pt(y(2020), 1, Target), pt(y(2022), 2, Actual)}, ms(1, 1, -1, -1)},
		{"target beats a later plan", []Point{pt(y(2020), 1, Actual), pt(y(2025), 3, Target), pt(y(2030), 4, Plan)}, ms(0, 0, 1, -1)},
		{"plan when there is no target ahead", []Point{pt(y(2020), 1, Target), pt(y(2021), 1, Actual), pt(y(2030), 4, Plan)}, ms(1, 1, 2, -1)},
		{"without a current point every target is ahead", []Point{pt(y(2020), 1, Target), pt(y(2025), 3, Target)}, ms(-1, -1, 1, -1)},
		{"previous is the latest earlier result, estimate or actual", []Point{pt(y(2019), 1, Actual), pt(y(2020), 2, Estimate), pt(y(2021), 3, Actual)}, ms(2, 0, -1, 1)},

		// Non-finite values and zero periods are never milestones.
		{"NaN is ignored", []Point{pt(y(2020), math.NaN(), Actual), pt(y(2021), 2, Actual)}, ms(1, 1, -1, -1)},
		{"+Inf is ignored", []Point{pt(y(2020), 1, Actual), pt(y(2021), math.Inf(1), Actual), pt(y(2030), math.Inf(-1), Target)}, ms(0, 0, -1, -1)},
		{"zero period is ignored", []Point{pt(0, 9, Actual), pt(y(2021), 2, Actual)}, ms(1, 1, -1, -1)},

		// Unsorted points: periods decide, not the order in the slice.
		{"unsorted", []Point{pt(y(2030), 5, Target), pt(y(2021), 2, Actual), pt(y(2020), 1, Actual), pt(y(2025), 3, Target)}, ms(1, 2, 0, 2)},
		{"unsorted estimates", []Point{pt(y(2022), 2, Estimate), pt(y(2021), 1, Estimate)}, ms(0, -1, -1, 1)},

		// Equal periods.
		{"actual and target for the same year: the target is not ahead", []Point{pt(y(2024), 1, Actual), pt(y(2024), 2, Target)}, ms(0, 0, -1, -1)},
		{"two actuals starting together: latest is the later listed, earliest the earlier", []Point{pt(y(2024), 1, Actual), pt(mo(2024, 1), 2, Actual)}, ms(1, 0, -1, -1)},
		{"a result starting with the current one is not the previous", []Point{pt(y(2023), 1, Actual), pt(q(2024, 1), 2, Estimate), pt(y(2024), 3, Actual)}, ms(2, 0, -1, 0)},
		{"a target starting with the current one is not ahead, a later one is", []Point{pt(y(2024), 1, Actual), pt(q(2024, 1), 2, Target), pt(q(2024, 2), 3, Target)}, ms(0, 0, 2, -1)},
	}
	for _, c := range cases {
		if got := FindMilestones(c.pts); got != c.want {
			t.Errorf("%s: got %+v, want %+v", c.name, got, c.want)
		}
	}
}

// Whatever the order of the points, the milestones name the same points.
func TestFindMilestonesIgnoresOrder(t *testing.T) {
	t.Parallel()
	y := YearPeriod
	pts := []Point{
		{Period: y(2019), Value: 1, Status: Actual}, {Period: y(2020), Value: 2, Status: Estimate},
		{Period: y(2021), Value: 3, Status: Actual}, {Period: y(2025), Value: 4, Status: Plan},
		{Period: y(2029), Value: 5, Status: Target}, {Period: y(2030), Value: 6, Status: Plan},
	}
	want := FindMilestones(pts)
	at := func(ps []Point, i int) Point {
		if i < 0 {
			return Point{}
		}
		return ps[i]
	}
	for _, perm := range [][]int{{5, 4, 3, 2, 1, 0}, {2, 0, 4, 1, 5, 3}, {4, 2, 5, 0, 3, 1}} {
		shuf := make([]Point, len(pts))
		for i, j := range perm {
			shuf[i] = pts[j]
		}
		got := FindMilestones(shuf)
		for _, pair := range [][2]int{{got.Current, want.Current}, {got.Baseline, want.Baseline}, {got.Target, want.Target}, {got.Previous, want.Previous}} {
			if at(shuf, pair[0]) != at(pts, pair[1]) {
				t.Errorf("order %v: got %+v, want the points of %+v", perm, got, want)
				break
			}
		}
	}
	if want.Current != 2 || want.Target != 4 || want.Baseline != 0 || want.Previous != 1 {
		t.Errorf("sorted: %+v", want)
	}
}

func TestMilestonesProgress(t *testing.T) {
	t.Parallel()
	y := YearPeriod
	pts := []Point{{Period: y(2020), Value: 10, Status: Actual}, {Period: y(2022), Value: 15, Status: Actual}, {Period: y(2030), Value: 30, Status: Target}}
	if p, ok := FindMilestones(pts).Progress(pts); !ok || p != 0.25 {
		t.Errorf("progress = %v, %v; want 0.25", p, ok)
	}
	flat := []Point{{Period: y(2020), Value: 10, Status: Actual}, {Period: y(2030), Value: 10, Status: Target}}
	if p, ok := FindMilestones(flat).Progress(flat); ok {
		t.Errorf("target equal to baseline: progress %v shown", p)
	}
	huge := []Point{{Period: y(2020), Value: -math.MaxFloat64, Status: Actual}, {Period: y(2021), Value: math.MaxFloat64, Status: Actual}, {Period: y(2030), Value: math.MaxFloat64, Status: Target}}
	if p, ok := FindMilestones(huge).Progress(huge); ok {
		t.Errorf("overflowing progress %v shown", p)
	}
	if _, ok := NoMilestones.Progress(nil); ok {
		t.Error("no milestones: progress shown")
	}
}
