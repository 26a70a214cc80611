"""OpenAPI post-processing: every operation documents the errors the portal really returns."""

ERRORS = {
    "400": "Dữ liệu hoặc tham số không hợp lệ (thông báo bằng tiếng Việt trong trường detail).",
    "401": "Chưa đăng nhập hoặc token không hợp lệ.",
    "403": "Không có quyền, dữ liệu đã khóa, hoặc cần xác thực hai lớp.",
    "404": "Không tìm thấy, hoặc nằm ngoài phạm vi đơn vị của người dùng.",
    "415": "Kiểu nội dung (Content-Type) không được hỗ trợ.",
}
ERROR_SCHEMA = {
    "type": "object",
    "properties": {"detail": {}},
    "additionalProperties": True,
}


def add_error_responses(result, generator, request, public):
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            responses = operation.setdefault("responses", {})
            for code, description in ERRORS.items():
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": ERROR_SCHEMA}},
                    },
                )
            responses.setdefault("429", {"description": "Tài khoản bị tạm khóa."})
    return result
