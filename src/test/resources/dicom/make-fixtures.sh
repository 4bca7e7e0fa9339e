#!/usr/bin/env bash
# Makes the DICOM fixtures of the image-reading tests with real encoders: pydicom writes the
# uncompressed sources (make-fixtures.py), then Debian's dcmtk and GDCM write every transfer
# syntax. The files are committed, so the tests need none of these tools. Run from the repository's
# top folder after: apt-get install python3-pydicom dcmtk libgdcm-tools
set -euo pipefail
cd "$(dirname "$0")/../../../.."
/usr/bin/python3 src/test/resources/dicom/make-fixtures.py
d=src/test/resources/dicom
src=$d/xray16.dcm
dcmconv +ti "$src" $d/xray16-implicit.dcm
dcmconv +tb "$src" $d/xray16-bigendian.dcm
dcmconv +td "$src" $d/xray16-deflated.dcm
for sv in 1 2 3 4 5 6 7; do dcmcjpeg +el +sv $sv "$src" $d/xray16-jpeg-lossless-sv$sv.dcm; done
dcmcjpeg +e1 "$src" $d/xray16-jpeg-lossless-sv1-70.dcm
gdcmconv -J "$src" $d/xray16-gdcm-jpeg-lossless.dcm
dcmcrle "$src" $d/xray16-rle.dcm
gdcmconv -R "$src" $d/xray16-gdcm-rle.dcm
gdcmconv -K "$src" $d/xray16-j2k-lossless.dcm
gdcmconv -K -Y -r 8 "$src" $d/xray16-j2k-lossy.dcm > /dev/null
gdcmconv -L "$src" $d/xray16-jpegls-lossless.dcm
dcmcjpls +en +md 2 "$src" $d/xray16-jpegls-near-lossless.dcm
dcmcjpeg +ee "$src" $d/xray16-jpeg-extended.dcm
dcmcjpeg +eb $d/xray $d/xray-jpeg-baseline.dcm
# The lossy copies as the encoders' own decoders decode them: the reference for ours.
gdcmconv --raw $d/xray16-j2k-lossy.dcm $d/xray16-j2k-lossy-decoded-by-gdcm.dcm
dcmdjpeg $d/xray-jpeg-baseline.dcm $d/xray-jpeg-baseline-decoded-by-dcmtk.dcm
dcmdjpeg $d/xray16-jpeg-extended.dcm $d/xray16-jpeg-extended-decoded-by-dcmtk.dcm
