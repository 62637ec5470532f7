from django.urls import path

from .views import account, caseload, export, home, pathway, practice, struggling

app_name = "recovery"

urlpatterns = [
    path("home/", home.home, name="home"),
    path("pathway/", pathway.pathway, name="pathway"),
    path("pathway/step/<int:number>/", pathway.step, name="step"),
    path(
        "pathway/step/<int:number>/complete/",
        pathway.step_complete,
        name="step-complete",
    ),
    path("pathway/exercise/<int:pk>/", pathway.exercise, name="exercise"),
    path(
        "pathway/exercise/<int:pk>/draft/",
        pathway.response_draft,
        name="response-draft",
    ),
    path(
        "pathway/exercise/<int:pk>/save/", pathway.response_save, name="response-save"
    ),
    path(
        "pathway/exercise/<int:pk>/conversation/",
        practice.conversation_state,
        name="conversation",
    ),
    path(
        "pathway/exercise/<int:pk>/conversation/start/",
        practice.conversation_start,
        name="conversation-start",
    ),
    path(
        "pathway/exercise/<int:pk>/conversation/ready/",
        practice.conversation_ready,
        name="conversation-ready",
    ),
    path(
        "pathway/exercise/<int:pk>/conversation/pause/",
        practice.conversation_pause,
        name="conversation-pause",
    ),
    path(
        "pathway/exercise/<int:pk>/conversation/resume/",
        practice.conversation_resume,
        name="conversation-resume",
    ),
    path(
        "pathway/response/<int:pk>/share/",
        pathway.response_share,
        name="response-share",
    ),
    path(
        "pathway/response/<int:pk>/share/undo/",
        pathway.response_share_undo,
        name="response-share-undo",
    ),
    path(
        "pathway/response/<int:pk>/unshare/",
        pathway.response_unshare,
        name="response-unshare",
    ),
    path(
        "pathway/response/<int:pk>/therapist/share/",
        pathway.response_therapist_share,
        name="response-therapist-share",
    ),
    path(
        "pathway/response/<int:pk>/therapist/unshare/",
        pathway.response_therapist_unshare,
        name="response-therapist-unshare",
    ),
    path(
        "pathway/response/<int:pk>/seen/",
        pathway.response_seen,
        name="response-seen",
    ),
    path(
        "pathway/response/<int:pk>/acknowledge/",
        pathway.response_acknowledge,
        name="response-acknowledge",
    ),
    path("journal/", pathway.journal, name="journal"),
    path("my-data/", export.exports, name="exports"),
    path("account/delete/", account.account_delete, name="account-delete"),
    path("account/deleted/", account.account_deleted, name="account-deleted"),
    path(
        "my-data/<int:pk>/<str:token>/data.json", export.export_json, name="export-json"
    ),
    path(
        "my-data/<int:pk>/<str:token>/readable.html",
        export.export_html,
        name="export-html",
    ),
    path("caseload/", caseload.caseload_view, name="caseload"),
    path("caseload/invite/", caseload.invite_client, name="invite-client"),
    path(
        "caseload/client/<int:client_id>/",
        caseload.client_detail,
        name="caseload-client",
    ),
    path(
        "caseload/couple/<int:couple_id>/",
        caseload.couple_detail,
        name="caseload-couple",
    ),
    path(
        "caseload/client/<int:client_id>/assign/",
        caseload.assignment_create,
        name="assignment-create",
    ),
    path(
        "caseload/client/<int:client_id>/notes/",
        caseload.note_create,
        name="note-create",
    ),
    path(
        "assignments/<int:pk>/status/",
        caseload.assignment_status,
        name="assignment-status",
    ),
    path("commitments/", practice.commitment_create, name="commitment-create"),
    path(
        "commitments/<int:pk>/kept/", practice.commitment_kept, name="commitment-kept"
    ),
    path(
        "commitments/<int:pk>/acknowledge/",
        practice.commitment_acknowledge,
        name="commitment-acknowledge",
    ),
    path("struggling/", struggling.struggling, name="struggling"),
    path(
        "struggling/reassurance/",
        struggling.reassurance_request,
        name="reassurance-request",
    ),
    path(
        "reassurance/<int:pk>/answer/",
        struggling.reassurance_answer,
        name="reassurance-answer",
    ),
    path("triggers/", practice.triggers, name="triggers"),
    path("triggers/new/", practice.trigger_create, name="trigger-create"),
    path(
        "triggers/<int:pk>/reassure/",
        practice.trigger_reassure,
        name="trigger-reassure",
    ),
]
