from django.urls import path

from .views import launches, releases, reviews, testing

_product = "p/<str:product_key>/"
_release = f"{_product}releases/<int:release_id>/"
_review = f"{_product}sprints/<int:sprint_id>/review/"
_item = "items/<str:item_key>/tests/"

urlpatterns = [
    path(f"{_product}releases/", releases.releases, name="releases"),
    path(f"{_product}releases/new", releases.release_create, name="release-create"),
    path(_release, releases.release, name="release"),
    path(f"{_release}edit", releases.release_update, name="release-update"),
    path(f"{_release}ship", releases.release_ship, name="release-ship"),
    path(f"{_release}slice", releases.release_slice, name="release-slice"),
    path(
        f"{_release}slice-stories",
        releases.release_slice_stories,
        name="release-slice-stories",
    ),
    path(f"{_release}archive", releases.release_archive, name="release-archive"),
    path(f"{_release}restore", releases.release_restore, name="release-restore"),
    path(f"{_product}forecast", releases.forecast_points, name="forecast-points"),
    path(f"{_release}how-much", releases.forecast_how_much, name="forecast-how-much"),
    path(f"{_release}launch", launches.launch_create, name="launch-create"),
    path(
        f"{_product}launches/<int:launch_id>/decide", launches.launch_decide, name="launch-decide"
    ),
    path(
        f"{_product}launches/<int:launch_id>/archive",
        launches.launch_archive,
        name="launch-archive",
    ),
    path(
        f"{_product}launches/<int:launch_id>/restore",
        launches.launch_restore,
        name="launch-restore",
    ),
    path(f"{_product}launches/<int:launch_id>/tasks", launches.task_add, name="launch-task-add"),
    path(
        f"{_product}launch-tasks/<int:task_id>/edit",
        launches.task_update,
        name="launch-task-update",
    ),
    path(
        f"{_product}launch-tasks/<int:task_id>/check", launches.task_check, name="launch-task-check"
    ),
    path(
        f"{_product}launch-tasks/<int:task_id>/archive",
        launches.task_archive,
        name="launch-task-archive",
    ),
    path(
        f"{_product}launch-tasks/<int:task_id>/restore",
        launches.task_restore,
        name="launch-task-restore",
    ),
    path(f"{_product}launch-template/", launches.launch_template, name="launch-template"),
    path(f"{_product}reviews/", reviews.reviews, name="reviews"),
    path(_review, reviews.review, name="review"),
    path(f"{_review}save", reviews.review_save, name="review-save"),
    path(f"{_review}items/<str:item_key>/accept", reviews.accept, name="review-accept"),
    path(f"{_review}items/<str:item_key>/reject", reviews.reject, name="review-reject"),
    path(_item, testing.test_plan, name="test-plan"),
    path(f"{_item}generate", testing.cases_generate, name="test-cases-generate"),
    path(f"{_item}cases", testing.case_create, name="test-case-create"),
    path(f"{_item}cases/<int:case_id>/edit", testing.case_update, name="test-case-update"),
    path(f"{_item}cases/<int:case_id>/archive", testing.case_archive, name="test-case-archive"),
    path(f"{_item}cases/<int:case_id>/restore", testing.case_restore, name="test-case-restore"),
    path(f"{_item}runs", testing.run_record, name="test-run-record"),
]
