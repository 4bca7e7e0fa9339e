#!/usr/bin/python3
"""Makes the DICOM fixtures of the image-reading tests from one of the project's sample x-rays,
written by pydicom (Debian: apt-get install python3-pydicom), not by this project. Run from the
repository's top folder; the files it writes are committed, so the tests need no encoder:

    /usr/bin/python3 src/test/resources/dicom/make-fixtures.py   # Debian's Python, where python3-pydicom is

- xray.png: the sample's pixels, every 4th row and column (8-bit grey), as the reference.
- xray: the same pixels as DICOM (Explicit VR Little Endian, MONOCHROME2, 8 bits), named as a
  PACS export names its files: no extension.
- tiff-preamble.dcm: the same DICOM whose 128-byte preamble starts with a TIFF header (II*\\0),
  which the standard allows (PS3.10 7.1) and dual-personality DICOM/TIFF files use.
- xray16.dcm: the same picture in 12 of 16 bits (value 16 x grey + 8), Rescale Slope 2 and
  Intercept -1024, as a radiograph export has it; the source of make-fixtures.sh's compressed copies.
- xray16-mono1.dcm: the same, stored MONOCHROME1 (4095 - value): a viewer shows the same picture.
- xray16-signed.dcm: the same, stored signed (value - 2048) with Intercept -1024 + 2 x 2048.
- xray16-padded.dcm: xray16.dcm with its first 8 rows set to a Pixel Padding Value of 0.
- xray16-2frames.dcm: xray16.dcm's frame, then the same frame inverted (Number of Frames 2).
- xray-1bit.dcm: the picture thresholded at 128, one bit a pixel (Bits Allocated 1).
- xray-ybr422.dcm: the picture as colour, YBR_FULL_422 uncompressed (Y1 Y2 Cb Cr per pixel pair).
- xray16-modality-lut.dcm: xray16.dcm's values with a Modality LUT Sequence mapping v to 2 v
  instead of Rescale Slope and Intercept.
"""
import struct
import zlib
from pathlib import Path

from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, SecondaryCaptureImageStorage

SOURCE = Path("sample-images/Fracture/fracture_000.png")
OUT = Path("src/test/resources/dicom")
STEP = 4


def read_grey_png(path):
    """8-bit grey, non-interlaced PNG (what the samples are) -> (width, height, rows of bytes)."""
    data = path.read_bytes()
    pos, idat = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour == 0 and interlace == 0, "an 8-bit grey PNG"
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw, rows, prev = zlib.decompress(idat), [], bytearray(width)
    for y in range(height):
        f, line = raw[y * (width + 1)], bytearray(raw[y * (width + 1) + 1:(y + 1) * (width + 1)])
        for x in range(width):
            a = line[x - 1] if x else 0
            b, c = prev[x], prev[x - 1] if x else 0
            if f == 1: line[x] = (line[x] + a) & 255
            elif f == 2: line[x] = (line[x] + b) & 255
            elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, rows


def write_grey_png(path, width, height, rows):
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xffffffff)
    raw = b"".join(b"\0" + r for r in rows)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def dicom16(width, height, values, photometric="MONOCHROME2", signed=False, intercept=-1024, padding=None):
    ds = dicom(width, height, b"", b"\0" * 128)
    ds.PhotometricInterpretation = photometric
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 1 if signed else 0
    ds.RescaleSlope, ds.RescaleIntercept = "2", str(intercept)
    ds.WindowCenter, ds.WindowWidth = "3072", "8192"
    if padding is not None:
        ds.add_new(0x00280120, "SS" if signed else "US", padding)
    ds.PixelData = b"".join(struct.pack("<h" if signed else "<H", v) for v in values)
    return ds


def dicom(width, height, pixels, preamble):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = SecondaryCaptureImageStorage
    meta.MediaStorageSOPInstanceUID = "1.2.826.0.1.3680043.8.498.1"
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.preamble = preamble
    ds.is_little_endian, ds.is_implicit_VR = True, False
    ds.SOPClassUID, ds.SOPInstanceUID = meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID
    ds.Modality, ds.PatientID = "OT", "PHANTOM"
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.Rows, ds.Columns = height, width
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 8, 8, 7, 0
    ds.PixelData = pixels + (b"\0" if len(pixels) % 2 else b"")
    return ds


def main():
    width, height, rows = read_grey_png(SOURCE)
    rows = [r[::STEP] for r in rows[::STEP]]
    w, h = len(rows[0]), len(rows)
    write_grey_png(OUT / "xray.png", w, h, rows)
    pixels = b"".join(rows)
    dicom(w, h, pixels, b"\0" * 128).save_as(OUT / "xray", write_like_original=False)
    dicom(w, h, pixels, b"II*\0" + b"\0" * 124).save_as(OUT / "tiff-preamble.dcm", write_like_original=False)
    values = [16 * p + 8 for p in pixels]
    dicom16(w, h, values).save_as(OUT / "xray16.dcm", write_like_original=False)
    dicom16(w, h, [4095 - v for v in values], photometric="MONOCHROME1").save_as(OUT / "xray16-mono1.dcm", write_like_original=False)
    dicom16(w, h, [v - 2048 for v in values], signed=True, intercept=-1024 + 2 * 2048).save_as(OUT / "xray16-signed.dcm", write_like_original=False)
    two = dicom16(w, h, values + [4095 - v for v in values])
    two.NumberOfFrames = 2
    two.save_as(OUT / "xray16-2frames.dcm", write_like_original=False)
    bits = bytearray((len(pixels) + 7) // 8)
    for i, p in enumerate(pixels):
        if p >= 128:
            bits[i // 8] |= 1 << (i % 8)
    one = dicom(w, h, bytes(bits), b"\0" * 128)
    one.BitsAllocated, one.BitsStored, one.HighBit = 1, 1, 0
    one.PixelData = bytes(bits) + (b"\0" if len(bits) % 2 else b"")
    one.save_as(OUT / "xray-1bit.dcm", write_like_original=False)
    even = w - w % 2
    ybr = bytearray()
    for y in range(h):
        for x in range(0, even, 2):
            ybr += bytes([pixels[y * w + x], pixels[y * w + x + 1], 128, 128])
    colour = dicom(even, h, bytes(ybr), b"\0" * 128)
    colour.Columns, colour.SamplesPerPixel, colour.PhotometricInterpretation, colour.PlanarConfiguration = even, 3, "YBR_FULL_422", 0
    colour.PixelData = bytes(ybr)
    colour.save_as(OUT / "xray-ybr422.dcm", write_like_original=False)
    lut = dicom16(w, h, values)
    del lut.RescaleSlope
    del lut.RescaleIntercept
    item = Dataset()
    item.add_new(0x00283002, "US", [4096, 0, 16])
    item.add_new(0x00283004, "LO", "DOUBLE")
    item.add_new(0x00283006, "US", [2 * v for v in range(4096)])
    lut.add_new(0x00283000, "SQ", Sequence([item]))
    lut.save_as(OUT / "xray16-modality-lut.dcm", write_like_original=False)
    padded = [0 if i < 8 * w else v for i, v in enumerate(values)]
    dicom16(w, h, padded, padding=0).save_as(OUT / "xray16-padded.dcm", write_like_original=False)


if __name__ == "__main__":
    main()
