#include "textflag.h"

// Byte offsets of the rows of archConsts (TestArchConstsLayout checks
// them against the Go constants).
#define C_YMUL 0
#define C_LINMASK 32
#define C_GM 64
#define C_RND 352
#define C_KNEE 384
#define C_TMMUL 416
#define C_HALF32 448
#define C_TMSTEPS 480
#define C_ONE16 512
#define C_LOW16 544
#define C_GRND 576
#define C_KH 608
#define C_KL 704
#define C_LUMAOFF 800
#define C_DUP 832
#define C_PAIRS 864
#define C_YSHR 896
#define C_YSHL 928

// INDEX: table index of one channel: (luma part Y0 + the chroma terms at
// t, each used by two samples) >> 18 (fixBits), masked to linQ.
#define INDEX(t, dst) \
	VPERMD t, Y15, dst; \
	VPADDD Y0, dst, dst; \
	VPSRLD $18, dst, dst; \
	VPAND  C_LINMASK(R11), dst, dst

// MATROW: one row of the primaries matrix over the linear R, G, B in
// Y4..Y6 (even lanes) and Y7..Y9 (odd lanes moved down), in 64-bit
// products as lumaRowGo: (g0*r + g1*g + g2*b + rnd) >> 20.
#define MATROW(g0, g1, g2, dst) \
	VPMULDQ g0(R11), Y4, Y10; \
	VPMULDQ g1(R11), Y5, Y11; \
	VPADDQ  Y11, Y10, Y10; \
	VPMULDQ g2(R11), Y6, Y11; \
	VPADDQ  Y11, Y10, Y10; \
	VPADDQ  C_RND(R11), Y10, Y10; \
	VPSRLQ  $20, Y10, Y10; \
	VPMULDQ g0(R11), Y7, Y11; \
	VPMULDQ g1(R11), Y8, dst; \
	VPADDQ  dst, Y11, Y11; \
	VPMULDQ g2(R11), Y9, dst; \
	VPADDQ  dst, Y11, Y11; \
	VPADDQ  C_RND(R11), Y11, Y11; \
	VPSLLQ  $12, Y11, Y11; \
	VPBLENDD $0xAA, Y11, Y10, dst

// TONE: c = c*k >> 16 for the tone factors k (<= 1<<16) in Y8, in 32-bit
// lanes: (c>>16)*k + ((c&0xffff)*k)>>16, which is exact.
#define TONE(c) \
	VPSRAD  $16, c, Y9; \
	VPMULLD Y8, Y9, Y9; \
	VPAND   C_LOW16(R11), c, Y10; \
	VPMULLD Y8, Y10, Y10; \
	VPSRLD  $16, Y10, Y10; \
	VPADDD  Y10, Y9, c

// GAMMA: dst = toGamma[min(max((c+8)>>4, 0), outSteps)].
#define GAMMA(c, dst) \
	VPADDD   C_GRND(R11), c, c; \
	VPSRAD   $4, c, c; \
	VPMAXSD  Y13, c, c; \
	VPMINSD  C_ONE16(R11), c, c; \
	VPCMPEQD Y14, Y14, Y14; \
	VPGATHERDD Y14, (DX)(c*2), dst; \
	VPAND    C_LOW16(R11), dst, dst

// SUM: adds the pairs of gamma values in c to the four sums at mem.
#define SUM(c, mem) \
	VPSRLQ $32, c, Y7; \
	VPADDD c, Y7, Y7; \
	VPERMD Y7, Y12, Y7; \
	VPADDD mem, X7, X7; \
	VMOVDQU X7, mem

// func lumaRowAVX2(out *uint8, src *uint16, terms, sums *uint32, stride, n int, c *archConsts, lin, tm *int32, gam *uint16, rgb *int32)
//
// lumaRowGo for n samples (a multiple of 8), eight per step (four chroma
// samples): the same integer operations, the table look-ups as gathers,
// in two passes over the samples through rgb (3n values), which shortens
// the chain of dependent look-ups each step waits for.
TEXT ·lumaRowAVX2(SB), NOSPLIT, $0-88
	MOVQ out+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ terms+16(FP), R8
	MOVQ sums+24(FP), R10
	MOVQ stride+32(FP), R9
	MOVQ n+40(FP), CX
	MOVQ c+48(FP), R11
	MOVQ lin+56(FP), BX
	MOVQ tm+64(FP), R12
	MOVQ gam+72(FP), DX
	MOVQ rgb+80(FP), R13
	SHRQ $3, CX
	JZ   done
	MOVQ CX, R14
	VMOVDQU C_DUP(R11), Y15
	VMOVDQU C_PAIRS(R11), Y12
	VPXOR   Y13, Y13, Y13

	// pass 1: linear BT.709 R, G, B after the tone curve to rgb
linear:
	// luma part of the indices: (y * yMul) >> yShift in 64-bit products
	VPMOVZXWD (SI), Y0
	VPSRLQ    $32, Y0, Y1
	VPMULUDQ  C_YMUL(R11), Y0, Y0
	VPMULUDQ  C_YMUL(R11), Y1, Y1
	VPSRLQ    C_YSHR(R11), Y0, Y0
	VPSLLQ    C_YSHL(R11), Y1, Y1
	VPBLENDD  $0xAA, Y1, Y0, Y0
	INDEX((R8), Y1)
	INDEX((R8)(R9*1), Y2)
	INDEX((R8)(R9*2), Y3)
	VPCMPEQD   Y14, Y14, Y14
	VPGATHERDD Y14, (BX)(Y1*4), Y4
	VPCMPEQD   Y14, Y14, Y14
	VPGATHERDD Y14, (BX)(Y2*4), Y5
	VPCMPEQD   Y14, Y14, Y14
	VPGATHERDD Y14, (BX)(Y3*4), Y6

	// primaries matrix
	VPSRLQ $32, Y4, Y7
	VPSRLQ $32, Y5, Y8
	VPSRLQ $32, Y6, Y9
	MATROW(C_GM+0, C_GM+32, C_GM+64, Y1)
	MATROW(C_GM+96, C_GM+128, C_GM+160, Y2)
	MATROW(C_GM+192, C_GM+224, C_GM+256, Y3)

	// tone curve, skipped when no pixel is above the knee
	VPMAXSD  Y1, Y2, Y4
	VPMAXSD  Y3, Y4, Y4
	VPCMPGTD C_KNEE(R11), Y4, Y5
	VPTEST   Y5, Y5
	JZ       store
	VPMULUDQ C_TMMUL(R11), Y4, Y6
	VPADDQ   C_HALF32(R11), Y6, Y6
	VPSRLQ   $32, Y6, Y6
	VPSRLQ   $32, Y4, Y7
	VPMULUDQ C_TMMUL(R11), Y7, Y7
	VPADDQ   C_HALF32(R11), Y7, Y7
	VPBLENDD $0xAA, Y7, Y6, Y6
	VPMINUD  C_TMSTEPS(R11), Y6, Y6
	VMOVDQU  C_ONE16(R11), Y8
	VPGATHERDD Y5, (R12)(Y6*4), Y8
	TONE(Y1)
	TONE(Y2)
	TONE(Y3)

store:
	VMOVDQU Y1, (R13)
	VMOVDQU Y2, 32(R13)
	VMOVDQU Y3, 64(R13)
	ADDQ $16, SI
	ADDQ $16, R8
	ADDQ $96, R13
	DECQ CX
	JNZ  linear

	// pass 2: output gamma, luma and the chroma sums
	MOVQ rgb+80(FP), R13
	MOVQ R14, CX

gamma:
	VMOVDQU (R13), Y1
	VMOVDQU 32(R13), Y2
	VMOVDQU 64(R13), Y3
	GAMMA(Y1, Y4)
	GAMMA(Y2, Y5)
	GAMMA(Y3, Y6)

	// luma: (kh·rgb + lumaOff>>12 + (kl·rgb)>>12) >> 16
	VPMULLD C_KH(R11), Y4, Y7
	VPMULLD C_KH+32(R11), Y5, Y8
	VPADDD  Y8, Y7, Y7
	VPMULLD C_KH+64(R11), Y6, Y8
	VPADDD  Y8, Y7, Y7
	VPMULLD C_KL(R11), Y4, Y8
	VPMULLD C_KL+32(R11), Y5, Y9
	VPADDD  Y9, Y8, Y8
	VPMULLD C_KL+64(R11), Y6, Y9
	VPADDD  Y9, Y8, Y8
	VPSRLD  $12, Y8, Y8
	VPADDD  Y8, Y7, Y7
	VPADDD  C_LUMAOFF(R11), Y7, Y7
	VPSRLD  $16, Y7, Y7
	VEXTRACTI128 $1, Y7, X8
	VPACKUSDW X8, X7, X7
	VPACKUSWB X7, X7, X7
	VMOVQ   X7, (DI)

	SUM(Y4, (R10))
	SUM(Y5, (R10)(R9*1))
	SUM(Y6, (R10)(R9*2))

	ADDQ $8, DI
	ADDQ $16, R10
	ADDQ $96, R13
	DECQ CX
	JNZ  gamma
	VZEROUPPER

done:
	RET
