"""API token authentication: django-rest-knox's, with one fault closed."""

from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

BAD_CHARACTERS = "Tiêu đề Authorization không hợp lệ: token chỉ gồm chữ số và chữ cái a-f."


class TokenAuthentication(KnoxTokenAuthentication):
    """knox decodes the header's token as UTF-8 unguarded: any other byte was a 500."""

    def authenticate_credentials(self, token: bytes):
        try:
            token.decode("utf-8")
        except UnicodeDecodeError:
            raise AuthenticationFailed(BAD_CHARACTERS) from None
        return super().authenticate_credentials(token)


TOKEN_SCHEME_HELP = (
    "Token lấy tại POST /api/token/ (tên đăng nhập, mật khẩu và, với tài khoản cấp tỉnh, mã "
    "xác thực hai lớp otp), gửi trong tiêu đề: Authorization: Token <token>. Hết hạn sau 12 giờ."
)


class TokenScheme(KnoxTokenScheme):
    """The OpenAPI security scheme of this class: knox's own ("Authorization: Token ..."),
    described in Vietnamese."""

    target_class = "accounts.authentication.TokenAuthentication"

    def get_security_definition(self, auto_schema):
        return {**super().get_security_definition(auto_schema), "description": TOKEN_SCHEME_HELP}
