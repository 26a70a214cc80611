"""The API's errors in Vietnamese (REST_FRAMEWORK["EXCEPTION_HANDLER"]).

DRF's Vietnamese catalogue has a score of its messages, so "Invalid page.", "Invalid token."
or "Authentication credentials were not provided." reached users in English, and a missing
object answered "No Household matches the given query.", naming the model. Messages the
portal writes itself (already Vietnamese) pass unchanged; DRF's and knox's own are replaced.
"""

import re

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

NOT_FOUND = "Không tìm thấy."
INVALID_PAGE = "Trang không hợp lệ: số trang vượt quá số trang hiện có."
NOT_AUTHENTICATED = "Chưa đăng nhập: hãy đăng nhập hoặc gửi token (Authorization: Token <token>)."
AUTH_FAILED = "Thông tin xác thực không đúng."
INVALID_TOKEN = "Token không hợp lệ hoặc đã hết hạn; hãy lấy token mới tại POST /api/token/."
INVALID_TOKEN_HEADER = "Tiêu đề Authorization không hợp lệ: cần dạng “Token <token>”."
USER_INACTIVE = "Tài khoản đã bị khóa hoặc không còn tồn tại."
PERMISSION_DENIED = "Bạn không có quyền thực hiện thao tác này."
METHOD_NOT_ALLOWED = "Phương thức %s không được hỗ trợ ở địa chỉ này."
UNSUPPORTED_MEDIA_TYPE = (
    "Kiểu nội dung “%s” không được hỗ trợ: hãy gửi application/json hoặc dữ liệu biểu mẫu."
)
NOT_ACCEPTABLE = "Không trả về được định dạng yêu cầu trong tiêu đề Accept."
PARSE_ERROR = "Dữ liệu gửi lên sai định dạng, không đọc được."
THROTTLED = "Quá nhiều yêu cầu. Vui lòng thử lại sau %d giây."
THROTTLED_NO_WAIT = "Quá nhiều yêu cầu. Vui lòng thử lại sau."
CSRF_FAILED = (
    "Yêu cầu ghi bằng cookie phiên đăng nhập thiếu mã CSRF (tiêu đề X-CSRFToken); ứng dụng nên "
    "dùng token: Authorization: Token <token>."
)

# the English texts of DRF and django-rest-knox, compared as the active language renders them
ENGLISH = {
    "Not found.": NOT_FOUND,
    "Invalid page.": INVALID_PAGE,
    "Authentication credentials were not provided.": NOT_AUTHENTICATED,
    "Incorrect authentication credentials.": AUTH_FAILED,
    "Invalid token.": INVALID_TOKEN,
    "Invalid token header. No credentials provided.": INVALID_TOKEN_HEADER,
    "Invalid token header. Token string should not contain spaces.": INVALID_TOKEN_HEADER,
    "Invalid token header. Token string should not contain invalid characters.": (
        INVALID_TOKEN_HEADER
    ),
    "User inactive or deleted.": USER_INACTIVE,
    "You do not have permission to perform this action.": PERMISSION_DENIED,
}


def _vietnamese(exc: exceptions.APIException, request) -> str | None:
    """The Vietnamese detail for one of DRF's own errors; None for a message of the portal."""
    if isinstance(exc, exceptions.MethodNotAllowed):
        return METHOD_NOT_ALLOWED % (request.method if request else "")
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return UNSUPPORTED_MEDIA_TYPE % (getattr(request, "content_type", "") or "")
    if isinstance(exc, exceptions.NotAcceptable):
        return NOT_ACCEPTABLE
    if isinstance(exc, exceptions.ParseError):
        return PARSE_ERROR  # the parser's text ("JSON parse error - ...") is English
    if isinstance(exc, exceptions.Throttled):
        return THROTTLED % exc.wait if exc.wait else THROTTLED_NO_WAIT
    if isinstance(exc.detail, (list, dict)):
        return None  # validation errors: field by field, in Django's Vietnamese
    detail = str(exc.detail)
    if detail.startswith("CSRF Failed"):  # SessionAuthentication's, with an English reason
        return CSRF_FAILED
    for english, vietnamese in ENGLISH.items():
        if detail in (english, gettext(english)):
            return vietnamese
    return None


# DRF's field messages by their code; {n} is the number the English message carries
FIELD_MESSAGES = {
    "required": "Thiếu trường bắt buộc này.",
    "null": "Trường này không được để trống (null).",
    "blank": "Trường này không được để trống.",
    "invalid": "Giá trị không hợp lệ hoặc sai kiểu dữ liệu.",
    "max_length": "Dài quá mức cho phép: tối đa {n} ký tự.",
    "min_length": "Ngắn quá: tối thiểu {n} ký tự.",
    "max_value": "Giá trị phải nhỏ hơn hoặc bằng {n}.",
    "min_value": "Giá trị phải lớn hơn hoặc bằng {n}.",
    "max_string_length": "Số quá dài.",
    "max_digits": "Quá nhiều chữ số: tối đa {n} chữ số.",
    "max_decimal_places": "Quá nhiều chữ số thập phân: tối đa {n}.",
    "max_whole_digits": "Quá nhiều chữ số phần nguyên: tối đa {n}.",
    "invalid_choice": "Giá trị {value} không nằm trong các lựa chọn cho phép.",
    "not_a_list": "Cần một danh sách.",
    "not_a_dict": "Cần một đối tượng (từ điển) JSON.",
    "empty": "Danh sách không được rỗng.",
    "does_not_exist": "Đối tượng được chỉ tới không tồn tại.",
    "incorrect_type": "Sai kiểu: cần mã số (id) của đối tượng.",
    "unique": "Giá trị này đã có, không được trùng.",
    "date": "Cần một ngày, không phải thời điểm.",
    "datetime": "Cần một thời điểm, không phải ngày.",
    "overflow": "Số quá lớn.",
    "make_aware": "Thời điểm không hợp lệ theo múi giờ.",
}
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_QUOTED = re.compile(r'"([^"]*)"')


def _field_message(detail: exceptions.ErrorDetail) -> exceptions.ErrorDetail:
    """DRF's English message for one field in Vietnamese; the portal's own (Vietnamese,
    hence never plain ASCII) unchanged."""
    text = str(detail)
    if not text.isascii() or detail.code not in FIELD_MESSAGES:
        return detail
    if detail.code == "invalid" and "format" in text:
        formats = text.rsplit(":", 1)[-1].strip().rstrip(".")
        message = f"Sai định dạng: dùng {formats}."
    else:
        number = _NUMBER.search(text)
        quoted = _QUOTED.search(text)
        message = FIELD_MESSAGES[detail.code].format(
            n=number.group(0) if number else "",
            value=f"“{quoted.group(1)}”" if quoted else "",
        )
    return exceptions.ErrorDetail(message, code=detail.code)


def _field_messages(detail):
    if isinstance(detail, dict):
        return {key: _field_messages(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_field_messages(value) for value in detail]
    if isinstance(detail, exceptions.ErrorDetail):
        return _field_message(detail)
    return detail


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        # Django's message names the model ("No Household matches the given query.")
        exc = exceptions.NotFound(NOT_FOUND)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    if isinstance(exc, exceptions.APIException):
        detail = _vietnamese(exc, context.get("request"))
        if detail is not None:
            exc.detail = exceptions.ErrorDetail(detail, code=exc.default_code)
        elif isinstance(exc.detail, (list, dict)):
            exc.detail = _field_messages(exc.detail)
    return drf_exception_handler(exc, context)
