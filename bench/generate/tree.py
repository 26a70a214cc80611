"""The administrative tree (Hà Tĩnh's or a generated nation) and the reference data."""

from .base import Area, next_id, rng_for


class TreeMixin:
    # -- the tree -------------------------------------------------------------------------------

    def hatinh_tree(self) -> None:
        from residential_areas import demo
        from residential_areas.models import (
            AdministrativeUnit,
            UnitLevel,
            UnitStatistic,
        )

        demo.seed_tree()
        new_areas = (
            AdministrativeUnit.objects.filter(level=UnitLevel.AREA, valid_from=demo.REFORM_DAY)
            .select_related("parent")
            .order_by("path")
        )
        stat = dict(
            UnitStatistic.objects.filter(year=2025, unit__in=new_areas).values_list(
                "unit_id", "households"
            )
        )
        carry = 0.0
        for unit in new_areas:
            # largest remainder across areas: the total follows the scale even when tiny
            carry += stat.get(unit.pk, 165) * self.scale
            count = int(carry)
            carry -= count
            area = Area(unit.pk, unit.code, unit.name, unit.parent_id, unit.area_type)
            area.households = count
            area.official = stat.get(unit.pk, 165)
            self.areas.append(area)

    def national_tree(self) -> None:
        from residential_areas import demo
        from residential_areas.models import (
            AdministrativeUnit,
            AreaType,
            UnitKind,
            UnitLevel,
        )
        from residential_areas.text import fold

        p = self.p
        rng = rng_for(self.seed, "tree")
        n_prov = self.n(p.provinces, 2)
        n_dist = max(n_prov, self.n(p.districts))
        n_comm = max(n_dist, self.n(p.communes))
        n_area = max(n_comm, self.n(p.areas))
        n_house = self.n(p.households)
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "level",
            "area_type",
            "parent",
            "path",
            "search_name",
        ]
        rows = []
        next_pk = [next_id(AdministrativeUnit)]

        def add(code, name, kind, level, area_type, parent_id, parent_path):
            pk = next_pk[0]
            next_pk[0] += 1
            path = f"{parent_path}{pk}/"
            rows.append((pk, code, name, kind, level, area_type, parent_id, path, fold(name)))
            return pk, path

        root = add(
            "VN",
            "Toàn quốc (dữ liệu mô phỏng)",
            UnitKind.PROVINCE,
            "province",
            "rural",
            None,
            "",
        )

        def spread(total, parts):
            base, extra = divmod(total, parts)
            return [base + (1 if i < extra else 0) for i in range(parts)]

        provinces = [
            add(
                f"{i + 1:02d}",
                f"Tỉnh Mô Phỏng {i + 1}",
                UnitKind.PROVINCE,
                "province",
                "rural",
                *root,
            )
            for i in range(n_prov)
        ]
        districts = []
        for (ppk, ppath), k in zip(provinces, spread(n_dist, n_prov), strict=True):
            for _ in range(k):
                i = len(districts) + 1
                districts.append(
                    add(
                        f"{i:03d}",
                        f"Huyện {i}",
                        UnitKind.DISTRICT,
                        "district",
                        "rural",
                        ppk,
                        ppath,
                    )
                )
        self.log(f"  {n_prov} tỉnh, {n_dist} huyện, {n_comm} xã, {n_area} khu dân cư")
        communes = []
        for (dpk, dpath), k in zip(districts, spread(n_comm, n_dist), strict=True):
            for _ in range(k):
                i = len(communes) + 1
                urban = rng.random() < 0.12
                kind, label = ("phuong", "Phường") if urban else ("xa", "Xã")
                communes.append(
                    (
                        *add(
                            f"{i:05d}",
                            f"{label} {i}",
                            kind,
                            "commune",
                            AreaType.URBAN if urban else AreaType.RURAL,
                            dpk,
                            dpath,
                        ),
                        AreaType.URBAN if urban else AreaType.RURAL,
                    )
                )
        per_area = spread(n_house, n_area)
        a = 0
        for (cpk, cpath, area_type), k in zip(communes, spread(n_area, n_comm), strict=True):
            for j in range(k):
                if area_type == AreaType.URBAN:
                    kind, name = UnitKind.QUARTER, f"Tổ dân phố {j + 1}"
                else:
                    kind = UnitKind.VILLAGE
                    name = f"Thôn {demo.VILLAGE_WORDS[j % len(demo.VILLAGE_WORDS)]}"
                code = f"{cpk}-{j + 1:02d}"
                pk, _path = add(code, name, kind, UnitLevel.AREA, area_type, cpk, cpath)
                area = Area(pk, code, name, cpk, area_type)
                area.households = area.official = per_area[a]
                a += 1
                self.areas.append(area)
        self.w.insert(AdministrativeUnit, fields, rows)
        rows.clear()

    def reference_data(self) -> None:
        """Content areas, member organizations, criteria sets, poverty standards, a system user."""
        from django.contrib.auth import get_user_model

        from campaign import demo as campaign_demo
        from campaign.models import ContentArea, MemberOrganization
        from poverty_fund import demo as poverty_demo
        from poverty_fund.models import PovertyStandard
        from residential_areas.models import AdministrativeUnit

        self.area_by_id = {a.id: a for a in self.areas}
        for number, title, short in campaign_demo.CONTENT_AREAS:
            ContentArea.objects.get_or_create(
                number=number, defaults={"title": title, "short_title": short}
            )
        self.root = AdministrativeUnit.objects.filter(parent__isnull=True).order_by("pk").first()
        self.orgs = []
        for kind, name in campaign_demo.PROVINCE_ORGS:
            org, _ = MemberOrganization.objects.get_or_create(
                unit=self.root, name=name, defaults={"kind": kind}
            )
            self.orgs.append(org.pk)
        self.user, _ = get_user_model().objects.get_or_create(
            username="scale.hethong",
            defaults={"first_name": "Dữ liệu mô phỏng", "is_active": False},
        )
        deprivations = [
            {"code": c, "label": label}
            for c, label in [
                ("viec_lam", "Việc làm"),
                ("nguoi_phu_thuoc", "Người phụ thuộc trong hộ"),
                ("dinh_duong", "Dinh dưỡng"),
                ("bhyt", "Bảo hiểm y tế"),
                ("giao_duc_nguoi_lon", "Trình độ giáo dục của người lớn"),
                ("di_hoc_tre_em", "Tình trạng đi học của trẻ em"),
                ("chat_luong_nha_o", "Chất lượng nhà ở"),
                ("dien_tich_nha_o", "Diện tích nhà ở bình quân đầu người"),
                ("nuoc_sinh_hoat", "Nguồn nước sinh hoạt"),
                ("nha_tieu", "Nhà tiêu hợp vệ sinh"),
                ("vien_thong", "Sử dụng dịch vụ viễn thông"),
                ("tiep_can_thong_tin", "Phương tiện phục vụ tiếp cận thông tin"),
            ]
        ]
        for first, last, name, basis, rural, urban in (
            (
                2016,
                2021,
                "Chuẩn nghèo đa chiều 2016-2020",
                "Quyết định 59/2015/QĐ-TTg",
                700_000,
                900_000,
            ),
        ):
            if (
                not PovertyStandard.objects.filter(first_year__lte=max(first, self.years[0]))
                .filter(first_year=first)
                .exists()
            ):
                PovertyStandard.objects.create(
                    name=name,
                    legal_basis=basis,
                    first_year=first,
                    last_year=last,
                    income_line_rural=rural,
                    income_line_urban=urban,
                    poor_min_deprivations=3,
                    indicators=deprivations,
                )
        # 2022 on: the standards by period, as the fund's migration and demo write them
        poverty_demo.standards_ensure()

    # -- households and yearly figures ----------------------------------------------------------
