package render

import (
	"github.com/reelkit/reel/engine"
	"github.com/reelkit/reel/server/model"
)

// Project turns a stored video into the engine's project.
func Project(v *model.Video) *engine.Project {
	a, _ := engine.ParseAspect(v.Aspect) // checked when stored; "" is 16:9
	return &engine.Project{Name: v.Name, Style: v.Style, Quality: engine.Quality(v.Quality), Aspect: a, Assets: v.Assets, Credit: v.Credit}
}
