"""Helpers shared by the fund tests."""

import datetime

from poverty_fund import services
from poverty_fund.models import Channel, DonorKind, Drive, Purpose

ND07_INDICATORS = [
    {"code": code, "label": code}
    for code in (
        "viec_lam",
        "nguoi_phu_thuoc",
        "dinh_duong",
        "bhyt",
        "trinh_do_giao_duc",
        "di_hoc",
        "chat_luong_nha_o",
        "dien_tich_nha_o",
        "nuoc_sinh_hoat",
        "nha_tieu",
        "vien_thong",
        "phuong_tien_thong_tin",
    )
]
DAY = datetime.date(2026, 10, 20)


def donate(fund, amount, **kw):
    values = {
        "date": DAY,
        "donor_name": "Nguyễn Thị Hảo",
        "donor_kind": DonorKind.PERSON,
        "channel": Channel.CASH,
        # "Khác" is open all year; the peak month and Tết take only their own days
        "drive": Drive.OTHER,
    }
    values.update(kw)
    return services.donation_create(fund=fund, amount=amount, **values)


def disburse(fund, amount, **kw):
    values = {
        "date": DAY,
        "purpose": Purpose.RELIEF,
        "decision_number": "12/QĐ-MTTQ",
        "approved_by": "Chủ tịch Ủy ban MTTQ",
        "beneficiary": "Hỗ trợ hộ bị lũ",
    }
    values.update(kw)
    return services.disbursement_create(fund=fund, amount=amount, **values)
