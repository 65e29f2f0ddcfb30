package chart

import (
	"io"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/eaeu-dash/eaeu-dash/data"
)

func asciiStyles() Styles {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	return DefaultStyles(r)
}

func pt(p data.Period, v float64, s data.Status) data.Point {
	return data.Point{Period: p, Value: v, Status: s, Source: -1}
}

// transitIndicator is like the seed: container transit with a 2030 target.
func transitIndicator() *data.Indicator {
	y := data.YearPeriod
	return &data.Indicator{
		ID: "transit", Unit: data.Text{"": "Mt/yr"}, Decimals: 1, HigherIsBetter: true,
		Series: []data.Series{
			{Entity: "KZ", Points: []data.Point{
				pt(y(2019), 7.2, data.Actual), pt(y(2020), 8.1, data.Actual), pt(y(2021), 8.6, data.Actual),
				pt(y(2022), 9.4, data.Actual), pt(y(2023), 9.8, data.Actual), pt(y(2024), 10, data.Actual),
				pt(y(2025), 11.5, data.Estimate), pt(y(2027), 15, data.Plan), pt(y(2030), 20, data.Target),
			}},
			{Entity: "RU", Points: []data.Point{
				pt(y(2019), 4.1, data.Actual), pt(y(2020), 4.6, data.Actual), pt(y(2021), 5.9, data.Actual),
				pt(y(2022), 5.2, data.Actual), pt(y(2023), 6.4, data.Actual), pt(y(2024), 7.1, data.Actual),
				pt(y(2030), 12, data.Target),
			}},
			{Entity: "BY", Points: []data.Point{
				pt(y(2020), 1.9, data.Actual), pt(y(2021), 2.2, data.Actual), pt(y(2022), 1.4, data.Actual),
				pt(y(2023), 1.8, data.Actual), pt(y(2024), 2.3, data.Actual),
			}},
		},
	}
}
