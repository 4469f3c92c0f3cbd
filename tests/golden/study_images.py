"""study_images.py — the 25 Ubuntu images of the published pages, written by hand.

The example pages (../shared/examples) label images by version (Regular), by
arch (Arch) and by flavor (Flavor) around the baseline 5.4.0-26-generic-amd64;
these are the dataset names ksurf derives those labels from.
"""
REGULAR = [
    "4.4.0-21-generic-amd64", "4.8.0-22-generic-amd64", "4.10.0-19-generic-amd64",
    "4.13.0-16-generic-amd64", "4.15.0-20-generic-amd64", "4.18.0-10-generic-amd64",
    "5.0.0-13-generic-amd64", "5.3.0-18-generic-amd64", "5.4.0-26-generic-amd64",
    "5.8.0-25-generic-amd64", "5.11.0-16-generic-amd64", "5.13.0-19-generic-amd64",
    "5.15.0-25-generic-amd64", "5.19.0-21-generic-amd64", "6.2.0-20-generic-amd64",
    "6.5.0-9-generic-amd64", "6.8.0-31-generic-amd64",
]
ARCH = ["5.4.0-26-generic-arm64", "5.4.0-26-generic-armhf", "5.4.0-26-generic-ppc64el",
        "5.4.0-26-generic-riscv64"]
FLAVOR = ["5.4.0-1009-aws-amd64", "5.4.0-1010-azure-amd64", "5.4.0-1009-gcp-amd64",
          "5.4.0-26-lowlatency-amd64"]
BASELINE = "5.4.0-26-generic-amd64"
ALL = REGULAR + ARCH + FLAVOR


def version(name):
    """(major, minor) of an image name."""
    x, y = name.split(".")[:2]
    return int(x), int(y)
