package jikenbo

// Label is a name on releases (不正アクセス, 最終報告, an editor's own),
// with the number of releases that carry it.
type Label struct {
	Name  string
	Count int
}

// LabelSource says who put a label on a release. Re-extraction replaces
// the automatic labels only, never the ones a source page or an editor gave.
type LabelSource string

// Label sources.
const (
	// LabelAuto labels follow from the facts: the Japanese name of each
	// category, and 最終報告 on a concluded release.
	LabelAuto LabelSource = "auto"
	// LabelImported labels came with the source, such as the label of a
	// casebook label page (ラベル 最終報告 の投稿を表示しています。).
	LabelImported LabelSource = "import"
	// LabelEditor labels were given by an editor.
	LabelEditor LabelSource = "editor"
)

// Valid reports whether s is one of the label sources.
func (s LabelSource) Valid() bool {
	return s == LabelAuto || s == LabelImported || s == LabelEditor
}

// ReleaseLabel is one label on one release.
type ReleaseLabel struct {
	Name   string
	Source LabelSource
}

// LabelFinalReport is the label of a release that concludes its case.
const LabelFinalReport = "最終報告"

// AutoLabels returns the labels that follow from facts: the Japanese name
// of each category, and 最終報告 when the release is concluded (it gives the
// investigation's outcome, which is what the casebook's label marks).
func AutoLabels(f Facts) []string {
	var out []string
	for _, c := range f.Categories {
		out = append(out, TermName(Categories, c))
	}
	if f.Status == StatusConcluded {
		out = append(out, LabelFinalReport)
	}
	return out
}
