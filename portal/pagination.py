from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """Page numbers as the schema says: one positive integer, or a clear error (DRF silently
    takes an empty or repeated ?page= as page 1)."""

    page_size_query_param = "page_size"
    max_page_size = 500

    @staticmethod
    def _one_positive_int(request, name):
        values = request.query_params.getlist(name)
        if not values:
            return None
        if len(values) > 1 or not values[0].isdigit() or int(values[0]) < 1:
            return False
        return int(values[0])

    def get_page_size(self, request):
        if self._one_positive_int(request, self.page_size_query_param) is False:
            raise ValidationError(
                {self.page_size_query_param: [_("Cỡ trang phải là một số nguyên dương.")]}
            )
        return super().get_page_size(request)

    def paginate_queryset(self, queryset, request, view=None):
        if self._one_positive_int(request, self.page_query_param) is False:
            raise NotFound(_("Số trang không hợp lệ."))
        return super().paginate_queryset(queryset, request, view)
