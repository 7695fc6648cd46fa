package de265

import (
	"errors"
	"fmt"

	"github.com/reelkit/reel/compose/clip/internal/nalu"
)

// parseReorder reads sps_max_num_reorder_pics for the highest temporal
// sub-layer from an HEVC SPS NAL unit (with its two-byte header): the
// number of pictures that may precede any picture in decoding order and
// follow it in output order (H.265 7.4.3.2.1).
func parseReorder(nal []byte) (int, error) {
	if len(nal) < 3 || nal[0]>>1&0x3f != 33 {
		return 0, errors.New("not an SPS NAL unit")
	}
	r := nalu.NewRBSP(nal[2:])
	var err error
	must := func(v uint32, e error) uint32 {
		if err == nil {
			err = e
		}
		return v
	}
	must(r.U(4)) // sps_video_parameter_set_id
	maxSub := int(must(r.U(3)))
	must(r.U(1)) // sps_temporal_id_nesting_flag
	// profile_tier_level(1, maxSub)
	must(r.U(32))
	must(r.U(32))
	must(r.U(32)) // general profile (88 bits) and level (8 bits)
	var profile, level [8]bool
	for i := range maxSub {
		profile[i] = must(r.U(1)) == 1
		level[i] = must(r.U(1)) == 1
	}
	if maxSub > 0 {
		for range 8 - maxSub {
			must(r.U(2))
		}
	}
	for i := range maxSub {
		if profile[i] {
			must(r.U(32))
			must(r.U(32))
			must(r.U(24))
		}
		if level[i] {
			must(r.U(8))
		}
	}
	must(r.UE()) // sps_seq_parameter_set_id
	if must(r.UE()) == 3 {
		must(r.U(1)) // separate_colour_plane_flag
	}
	must(r.UE()) // pic_width_in_luma_samples
	must(r.UE()) // pic_height_in_luma_samples
	if must(r.U(1)) == 1 {
		for range 4 {
			must(r.UE())
		}
	}
	must(r.UE()) // bit_depth_luma_minus8
	must(r.UE()) // bit_depth_chroma_minus8
	must(r.UE()) // log2_max_pic_order_cnt_lsb_minus4
	first := maxSub
	if must(r.U(1)) == 1 { // sps_sub_layer_ordering_info_present_flag
		first = 0
	}
	reorder := 0
	for i := first; i <= maxSub; i++ {
		must(r.UE()) // sps_max_dec_pic_buffering_minus1
		reorder = int(must(r.UE()))
		must(r.UE()) // sps_max_latency_increase_plus1
	}
	if err != nil {
		return 0, fmt.Errorf("SPS: %w", err)
	}
	if reorder > 16 {
		return 0, fmt.Errorf("SPS: sps_max_num_reorder_pics %d", reorder)
	}
	return reorder, nil
}
