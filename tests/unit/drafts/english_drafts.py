"""English UN-style drafts written for the tests: a first text and a revision that renumbers,
moves, splits, merges, inserts a `bis` paragraph and resolves brackets."""

ORIGINAL = """Draft outcome document of the Review Conference

I. Declaration

We, the States participating in the Review Conference, reaffirm our commitment to the full and effective implementation of the Programme of Action.

We recognize that the illicit trade in small arms and light weapons continues to cause great human suffering in many regions of the world.

1. We reaffirm our respect for and commitment to obligations under international law and the purposes and principles of the Charter of the United Nations.

2. We underline that international cooperation and assistance, including technology transfer, remain essential to the implementation of the Programme of Action.

3. We [encourage][urge] States to strengthen the physical security and management of national stockpiles of small arms and light weapons.

4. We recognize the important role of women in policymaking, planning and implementation processes related to small arms, and we further acknowledge the valuable contribution of civil society organizations to awareness-raising programmes.

5. We decide to convene an open-ended meeting of governmental experts in 2015 to consider recent developments in marking, record-keeping and tracing technology.

II. Implementation plan

A. Preventing and combating illicit trade

1. States undertake to:

(a) Strengthen national legislation on the manufacture, export, import and transfer of small arms and light weapons;

(b) Enhance border controls, including through regional and subregional cooperation among customs services;

(c) Report on progress made, as appropriate, in their biennial national reports.

2. States are encouraged to exchange information on illicit brokering activities and on the persons involved in them.

B. Follow-up

3. The next biennial meeting of States will be held in New York in 2014 for a period of one week.

4. The biennial meeting of States will consider the implementation of the Programme of Action at the national, regional and global levels.

5. The Secretary-General is requested to submit a report on technical developments in the manufacture of small arms.
"""

REVISED = """Draft outcome document of the Review Conference

I. Declaration

We, the States participating in the Review Conference, reaffirm our commitment to the full and effective implementation of the Programme of Action.

We recognize that the illicit trade in small arms and light weapons continues to cause great human suffering in many regions of the world.

1. We reaffirm our respect for and commitment to obligations under international law and the purposes and principles of the Charter of the United Nations.

2. We underline that international cooperation and assistance, including technology transfer, remain essential to the implementation of the Programme of Action.

2 bis. We welcome the adoption of the International Tracing Instrument and call upon States to implement it fully and without delay.

3. We urge States to strengthen the physical security and management of national stockpiles of small arms and light weapons.

4. We recognize the important role of women in policymaking, planning and implementation processes related to small arms.

5. We further acknowledge the valuable contribution of civil society organizations to awareness-raising programmes.

II. Implementation plan

A. Preventing and combating illicit trade

1. States undertake to:

(a) Strengthen national legislation on the manufacture, export, import and transfer of small arms and light weapons;

(b) Enhance border controls, including through regional and subregional cooperation among customs services;

(b bis) Prevent the diversion of small arms and light weapons from authorized holders to illicit markets;

(c) Report on progress made, as appropriate, in their biennial national reports.

2. States are encouraged to exchange information on illicit brokering activities and on the persons involved in them.

B. Follow-up

3. The next biennial meeting of States will be held in New York in 2014 for a period of one week and will consider the implementation of the Programme of Action at the national, regional and global levels.

4. The Secretary-General is requested to submit a report on technical developments in the manufacture of small arms.

5. We decide to convene an open-ended meeting of governmental experts in 2015 to consider recent developments in marking, record-keeping and tracing technology.
"""
