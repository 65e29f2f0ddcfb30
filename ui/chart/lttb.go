package chart

import "math"

// LTTB downsamples (xs, ys) to at most n points with the
// largest-triangle-three-buckets algorithm, keeping the first and last
// points. xs must be ascending. Inputs shorter than n come back as copies.
func LTTB(xs, ys []float64, n int) ([]float64, []float64) {
	m := min(len(xs), len(ys))
	if n <= 0 || m == 0 {
		return []float64{}, []float64{}
	}
	if m <= n {
		return append([]float64(nil), xs[:m]...), append([]float64(nil), ys[:m]...)
	}
	if n == 1 {
		return []float64{xs[0]}, []float64{ys[0]}
	}
	if n == 2 {
		return []float64{xs[0], xs[m-1]}, []float64{ys[0], ys[m-1]}
	}
	ox := make([]float64, 0, n)
	oy := make([]float64, 0, n)
	ox, oy = append(ox, xs[0]), append(oy, ys[0])
	every := float64(m-2) / float64(n-2)
	a := 0
	for i := 0; i < n-2; i++ {
		// Average of the next bucket: the third vertex of the triangle.
		ns := int(math.Floor(float64(i+1)*every)) + 1
		ne := min(int(math.Floor(float64(i+2)*every))+1, m)
		var avgX, avgY float64
		if ne > ns {
			for j := ns; j < ne; j++ {
				avgX += xs[j]
				avgY += ys[j]
			}
			avgX /= float64(ne - ns)
			avgY /= float64(ne - ns)
		} else {
			avgX, avgY = xs[m-1], ys[m-1]
		}
		// The point of this bucket making the largest triangle with the
		// previously kept point and that average.
		bs := int(math.Floor(float64(i)*every)) + 1
		be := min(int(math.Floor(float64(i+1)*every))+1, m-1)
		best, bestArea := bs, -1.0
		for j := bs; j < be; j++ {
			area := math.Abs((xs[a]-avgX)*(ys[j]-ys[a]) - (xs[a]-xs[j])*(avgY-ys[a]))
			if area > bestArea {
				best, bestArea = j, area
			}
		}
		ox, oy = append(ox, xs[best]), append(oy, ys[best])
		a = best
	}
	ox, oy = append(ox, xs[m-1]), append(oy, ys[m-1])
	return ox, oy
}
