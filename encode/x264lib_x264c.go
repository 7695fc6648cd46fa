//go:build cgo

package encode

import "github.com/gen2brain/x264-go/x264c"

// x264cAPI calls x264 through the x264c binding: the bundled C in the
// default build, the linked libx264 with -tags extlib.
type x264cAPI struct{}

func (x264cAPI) paramDefault(p *x264c.Param) { x264c.ParamDefault(p) }
func (x264cAPI) paramDefaultPreset(p *x264c.Param, preset, tune string) int32 {
	return x264c.ParamDefaultPreset(p, preset, tune)
}
func (x264cAPI) paramApplyProfile(p *x264c.Param, profile string) int32 {
	return x264c.ParamApplyProfile(p, profile)
}
func (x264cAPI) encoderOpen(p *x264c.Param) *x264c.T { return x264c.EncoderOpen(p) }
func (x264cAPI) encoderHeaders(enc *x264c.T, nals []*x264c.Nal, n *int32) int32 {
	return x264c.EncoderHeaders(enc, nals, n)
}
func (x264cAPI) encoderEncode(enc *x264c.T, nals []*x264c.Nal, n *int32, in, out *x264c.Picture) int32 {
	return x264c.EncoderEncode(enc, nals, n, in, out)
}
func (x264cAPI) encoderDelayedFrames(enc *x264c.T) int32 { return x264c.EncoderDelayedFrames(enc) }
func (x264cAPI) encoderClose(enc *x264c.T)               { x264c.EncoderClose(enc) }
func (x264cAPI) pictureAlloc(pic *x264c.Picture, csp, w, h int32) int32 {
	return x264c.PictureAlloc(pic, csp, w, h)
}
func (x264cAPI) pictureClean(pic *x264c.Picture) { x264c.PictureClean(pic) }
