"""OpenAPI post-processing: every operation documents the errors the portal really returns.

Integrators feed /api/schema/ to their own tools (openapi-spec-validator, client generators):
each error gets a description and one named body, `Error`, so a generated client parses a 400
or a 409 into a model instead of an untyped blob.
"""

import re

ERROR_COMPONENT = "Error"
ERROR_REF = {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}
ERROR_SCHEMA = {
    "type": "object",
    "description": "Lỗi: thông báo bằng tiếng Việt trong `detail`; lỗi dữ liệu kèm danh sách "
    "thông báo theo từng trường (tên trường -> danh sách thông báo).",
    "properties": {
        "detail": {
            "description": "Thông báo lỗi (một chuỗi, hoặc danh sách chuỗi khi có nhiều lỗi)."
        }
    },
    "additionalProperties": True,
}

# the token scheme drf-spectacular names after accounts.authentication.TokenScheme
TOKEN_SCHEME = "knoxApiToken"

# for every operation
ERRORS = {
    "400": "Dữ liệu hoặc tham số không hợp lệ (thông báo bằng tiếng Việt trong trường detail, "
    "hoặc theo từng trường).",
    "404": "Không tìm thấy, hoặc nằm ngoài phạm vi đơn vị của người dùng.",
    "415": "Kiểu nội dung (Content-Type) không được hỗ trợ.",
    "429": "Tài khoản bị tạm khóa, hoặc quá nhiều yêu cầu.",
}
# for operations that need a user (a security requirement without the anonymous `{}`)
AUTH_ERRORS = {
    "401": f"Chưa xác thực theo lược đồ {TOKEN_SCHEME} (Authorization: Token <token>, lấy tại "
    "POST /api/token/): thiếu token, token sai hoặc đã hết hạn. Câu trả lời có tiêu đề "
    "WWW-Authenticate: Token.",
    "403": "Đã xác thực nhưng không có quyền: vai trò chỉ được xem, dữ liệu đã khóa, hoặc tài "
    "khoản cần xác thực hai lớp.",
}
# for writes
WRITE_ERRORS = {
    "409": "Xung đột: dữ liệu đã được người khác thay đổi sau phiên bản gửi lên; không ghi gì.",
}
WRITES = ("post", "put", "patch", "delete")
# drf-spectacular's description of a response declared without one
NO_BODY = "No response body"


# drf-spectacular's help of a detail route's id, with the model's (Vietnamese) verbose name
IDENTIFYING = re.compile(r"^A unique (?:integer )?value identifying this (?P<name>.+?)\.?$")


def _tidy_parameters(operation: dict) -> None:
    """A choice filter's title is its Vietnamese label, which client generators turn into a
    class name ("UnitsListLoẠI"): the label moves into the description, so the class is named
    after the operation and the parameter (UnitsListKind)."""
    for parameter in operation.get("parameters", []):
        schema = parameter.get("schema", {})
        if "enum" in schema and "title" in schema:
            title = schema.pop("title")
            parameter["description"] = f"{title}:\n{parameter.get('description', '')}".strip()
        found = IDENTIFYING.match(parameter.get("description", ""))
        if found:
            parameter["description"] = f"Mã số (id) của {found['name']}."


def _needs_user(operation: dict, default_security: list) -> bool:
    security = operation.get("security", default_security)
    return bool(security) and {} not in security


def add_error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})[ERROR_COMPONENT] = ERROR_SCHEMA
    default_security = result.get("security", [])
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if method not in ("get", *WRITES):
                continue
            _tidy_parameters(operation)
            errors = dict(ERRORS)
            if _needs_user(operation, default_security):
                errors.update(AUTH_ERRORS)
            if method in WRITES:
                errors.update(WRITE_ERRORS)
            responses = operation.setdefault("responses", {})
            for code, description in errors.items():
                responses.setdefault(code, {"description": description})
                if responses[code].get("description") in ("", NO_BODY):
                    responses[code]["description"] = description
            if responses.get("204", {}).get("description") == NO_BODY:
                responses["204"]["description"] = "Thành công; không có nội dung trả về."
            for code, response in responses.items():
                # an error declared by a view with its own description gets the body too
                if code[0] in "45" and "content" not in response:
                    response["content"] = {"application/json": {"schema": ERROR_REF}}
            operation["responses"] = dict(sorted(responses.items()))
    return result
