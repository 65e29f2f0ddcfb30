package chart

import (
	"fmt"

	"github.com/eaeu-dash/eaeu-dash/data"
	"github.com/eaeu-dash/eaeu-dash/ui/internal/numfmt"
)

// strs are the few words the chart prints itself.
type strs struct {
	lang                                string
	noData, tooSmall, noDataAt          string
	actual, estimate, plan, target      string
	baseline, current, logNA, logScale  string
	relUnit, more, progressOf, noTarget string
	timeGone                            string
	event                               string
	locale                              numfmt.Locale
	months                              [12]string
	monthsOf                            [12]string // after a day: "29 мая"
	quarter                             string     // format of year, quarter
}

func texts(lang string) strs {
	if lang == "ru" {
		return strs{
			lang:   "ru",
			noData: "нет данных", tooSmall: "мало места", noDataAt: "нет данных за",
			actual: "факт", estimate: "оценка", plan: "план", target: "цель",
			baseline: "база", current: "сейчас", logNA: "лог. н/д", logScale: "лог.",
			relUnit: "% к началу", event: "событие", more: "ещё", progressOf: "пути к цели", noTarget: "цели нет", timeGone: "срока прошло",
			locale:   numfmt.Russian,
			months:   [12]string{"янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"},
			monthsOf: [12]string{"янв", "фев", "мар", "апр", "мая", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"},
			quarter:  "%d кв. %d",
		}
	}
	return strs{
		lang:   "en",
		noData: "no data", tooSmall: "too small", noDataAt: "no data for",
		actual: "actual", estimate: "estimate", plan: "plan", target: "target",
		baseline: "baseline", current: "current", logNA: "log n/a", logScale: "log",
		relUnit: "% vs start", event: "event", more: "more", progressOf: "of the way to target", noTarget: "no target", timeGone: "of the time gone",
		locale:   numfmt.English,
		months:   [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
		monthsOf: [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
		quarter:  "%[1]d Q%[2]d",
	}
}

// MonthNames are the short month names the chart prints in lang ("en",
// "ru"), January first; the UI labels periods with the same words.
func MonthNames(lang string) [12]string { return texts(lang).months }

// MonthNamesOfDay are the month names after a day number ("29 мая 2014":
// Russian puts the month in the genitive there; the short forms differ
// only for May).
func MonthNamesOfDay(lang string) [12]string { return texts(lang).monthsOf }

// QuarterLabel is "2024 Q3" in English, "2024 кв. 3" in Russian (year
// first in both: a narrow table column cut keeps the year).
func QuarterLabel(lang string, year, quarter int) string {
	return fmt.Sprintf(texts(lang).quarter, year, quarter)
}

// statusWord is the name of status s.
func (t strs) statusWord(s data.Status) string {
	switch s {
	case data.Estimate:
		return t.estimate
	case data.Plan:
		return t.plan
	case data.Target:
		return t.target
	}
	return t.actual
}
